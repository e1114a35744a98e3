package dev.i2i.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the OS scheduling priority of the calling thread (Linux: {@code setpriority} on its thread
 * id, through {@code renice}), so that work which keeps every core busy (inference) yields to
 * short, latency-critical work in the same process (Kafka's network and commit threads) without
 * losing any throughput when nothing else wants the CPU. Elsewhere, or when it cannot, nothing
 * changes.
 */
public final class ThreadPriority {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadPriority.class);

  private ThreadPriority() {}

  /** Raises the calling thread's nice value by {@code by} (0 leaves it); true when it did. */
  public static boolean lowerCurrent(int by) {
    if (by <= 0) {
      return false;
    }
    Path self = Path.of("/proc/thread-self");
    if (!Files.exists(self)) {
      return false;
    }
    try {
      String tid = Files.readSymbolicLink(self).getFileName().toString();
      String nice = Integer.toString(Math.min(19, niceOf(self) + by));
      Process p =
          new ProcessBuilder("renice", "-n", nice, "-p", tid).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | RuntimeException e) {
      LOG.debug(
          "cannot lower the priority of {}: {}", Thread.currentThread().getName(), e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A thread's nice value: field 19 of its {@code stat} line. */
  static int niceOf(Path thread) throws IOException {
    String stat = Files.readString(thread.resolve("stat"));
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
  }
}
