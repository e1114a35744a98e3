package dev.i2i.streamer.topology;

import dev.i2i.schemas.avro.FailureReason;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a request's heavy work (decode, inference) on a worker thread and waits for it at most a
 * fixed time. Past the deadline the work is cancelled (interrupted, and native inference told to
 * stop) and the request fails with {@code DEADLINE_EXCEEDED}: a stream thread is never held longer
 * than the deadline, so its exactly-once transaction never outlives {@code transaction.timeout.ms}.
 * The stream thread is never interrupted itself.
 */
final class Deadline implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Duration limit;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "i2i-translate-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  Deadline(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("the request deadline must be positive, got " + limit);
    }
    this.limit = limit;
  }

  Duration limit() {
    return limit;
  }

  /** Work that may fail with a dead-letter reason. */
  interface Work<T> {
    T run() throws RequestFailure;
  }

  /**
   * Runs {@code work} within the deadline.
   *
   * @param cancel told which thread to stop when the deadline passes
   */
  <T> T run(Work<T> work, Consumer<Thread> cancel) throws RequestFailure {
    AtomicReference<Thread> worker = new AtomicReference<>();
    Callable<T> task =
        () -> {
          worker.set(Thread.currentThread());
          try {
            return work.run();
          } finally {
            worker.set(null);
            Thread.interrupted(); // a late cancel must not leak into the next task
          }
        };
    Future<T> future = workers.submit(task);
    try {
      return future.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Thread t = worker.get();
      if (t != null) {
        cancel.accept(t);
      }
      future.cancel(true);
      throw new RequestFailure(
          FailureReason.DEADLINE_EXCEEDED,
          "not translated within the service's deadline of " + limit.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RequestFailure f) {
        throw f;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new RequestFailure(FailureReason.DEADLINE_EXCEEDED, "interrupted while translating");
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
