package dev.i2i.streamer.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Blocks a command until Ctrl-C (SIGINT/SIGTERM), and holds the JVM's shutdown until the command
 * has closed its resources (the JVM would otherwise exit while Kafka Streams is still closing).
 */
public final class UntilInterrupted implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  public UntilInterrupted() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    closed.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
  }

  public void await() throws InterruptedException {
    stop.await();
  }

  /** Call once everything is closed. */
  @Override
  public void close() {
    closed.countDown();
  }
}
