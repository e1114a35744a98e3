package dev.i2i.demo.bench;

import dev.i2i.runtime.ThreadPriority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CPU time of HotSpot's JIT compiler threads, which Java's thread beans do not list, read from
 * Linux's {@code /proc/self/task} as it is spent. HotSpot's own count ({@code CompilationMXBean})
 * adds each compilation's wall time when it ends, so a 1 s compilation would show up all at once,
 * in the 100 ms it finished in, and as time even while the thread was waiting for a core.
 */
final class CompilerThreads {
  private static final Path TASKS = Path.of("/proc/self/task");

  /** Linux's clock ticks per second for a thread's times ({@code USER_HZ}: 100 on every arch). */
  private static final double TICKS_PER_SECOND = 100;

  private static final CompilerThreads INSTANCE = readable() ? new CompilerThreads() : null;

  private final Map<String, Boolean> compilers = new HashMap<>(); // by task id
  private final Map<String, Long> lastTicks = new HashMap<>(); // by task id
  private long totalTicks;

  private CompilerThreads() {}

  private static boolean readable() {
    try (Stream<Path> tasks = Files.list(TASKS)) {
      return tasks.anyMatch(ThreadPriority::isJitCompiler);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Milliseconds of CPU the compiler threads have spent since this class first looked, threads that
   * ended included up to the last call; NaN where {@code /proc} cannot be read.
   */
  static double cpuMs() {
    return INSTANCE == null ? Double.NaN : INSTANCE.update() * 1e3 / TICKS_PER_SECOND;
  }

  private synchronized long update() {
    Map<String, Long> now = new HashMap<>();
    Set<String> seen = new HashSet<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(
          t -> {
            String id = t.getFileName().toString();
            seen.add(id);
            if (compilers.computeIfAbsent(id, k -> ThreadPriority.isJitCompiler(t))) {
              long ticks = ticks(t);
              if (ticks >= 0) {
                now.put(id, ticks);
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      return totalTicks;
    }
    // A thread's ticks since the last look; HotSpot starts and stops compiler threads as work
    // comes and goes, and a task id can be reused once its thread ended.
    for (var e : now.entrySet()) {
      totalTicks += Math.max(0, e.getValue() - lastTicks.getOrDefault(e.getKey(), 0L));
    }
    lastTicks.clear();
    lastTicks.putAll(now);
    compilers.keySet().retainAll(seen);
    return totalTicks;
  }

  /** User and system ticks of a task; -1 where it ended. */
  private static long ticks(Path task) {
    try {
      return ticksOf(Files.readString(task.resolve("stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * User and system ticks from a task's {@code stat} line: the fields after its name, which is in
   * parentheses and may hold spaces and parentheses, start with the 3rd (state); utime and stime
   * are the 14th and 15th.
   */
  static long ticksOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
