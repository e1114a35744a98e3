package dev.i2i.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
      return renice(tid, niceOf(self) + by);
    } catch (IOException | RuntimeException e) {
      LOG.debug(
          "cannot lower the priority of {}: {}", Thread.currentThread().getName(), e.toString());
      return false;
    }
  }

  /**
   * Sets HotSpot's JIT compiler threads to {@code by} above the process's nice value, where they
   * are not there already; returns how many it changed. A compilation (often 0.2-0.3 s of C2) on a
   * core an inference thread needs would otherwise take three quarters of it from inference, which
   * runs nicer than the rest ({@link #lowerCurrent}): the slowest requests of a service at half its
   * peak rate were in flight while the compilers took 0.46 of a core, against 0.03 on average.
   * Below inference, the compilers still get every idle core, and a quarter of a busy one.
   */
  public static int lowerJitCompilers(int by) {
    Path tasks = Path.of("/proc/self/task");
    if (by <= 0 || !Files.isDirectory(tasks)) {
      return 0;
    }
    int changed = 0;
    try (Stream<Path> all = Files.list(tasks)) {
      int target = Math.min(19, niceOf(Path.of("/proc/self")) + by);
      for (Path t : all.filter(ThreadPriority::isJitCompiler).toList()) {
        try {
          if (niceOf(t) < target && renice(t.getFileName().toString(), target)) {
            changed++;
          }
        } catch (IOException e) {
          // the thread ended: HotSpot stops compiler threads it no longer needs
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot lower the JIT compilers' priority: {}", e.toString());
    }
    return changed;
  }

  /** Whether a task of {@code /proc/PID/task} is one of HotSpot's C1 or C2 compiler threads. */
  public static boolean isJitCompiler(Path task) {
    try {
      String name = Files.readString(task.resolve("comm")).trim();
      return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    } catch (IOException e) {
      return false; // ended
    }
  }

  private static boolean renice(String tid, int nice) throws IOException {
    Process p =
        new ProcessBuilder("renice", "-n", Integer.toString(Math.min(19, nice)), "-p", tid)
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    try {
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
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
