package dev.i2i.demo.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Where this process's CPU goes, by part, from the threads' own CPU clocks: what the service spends
 * on an image besides inference. The parts are told apart by Java thread name; {@link Part#JIT} is
 * the JIT compilers' time ({@link #compileMs}), and {@link Part#NATIVE} the rest of the process's
 * CPU time that no Java thread accounts for (the garbage collector, ONNX Runtime's own pool when a
 * call has more than one thread, threads that ended).
 */
public final class CpuUse {
  /** A part of the process, and the thread names that make it up. */
  public enum Part {
    INFERENCE("infer"),
    DECODE("decode"),
    ENCODE("encode"),
    STREAM("stream"),
    PRODUCERS("produce"),
    BENCH("bench"),
    BROKER("broker"),
    JIT("jit"),
    NATIVE("native");

    /** The column's name. */
    public final String column;

    Part(String column) {
      this.column = column;
    }

    static Part of(String thread) {
      if (thread.startsWith("i2i-infer")) {
        return INFERENCE;
      } else if (thread.startsWith("i2i-decode")) {
        return DECODE;
      } else if (thread.startsWith("i2i-encode")) {
        return ENCODE;
      } else if (thread.startsWith("kafka-producer-network-thread")) {
        return PRODUCERS; // the service's and the bench's producers (before STREAM: the service's
        // producer thread is named after its stream thread)
      } else if (thread.contains("-StreamThread-")) {
        return STREAM; // polls, hands records on, forwards outcomes, commits
      } else if (thread.equals("main") || thread.startsWith("bench-")) {
        return BENCH; // publishing requests and reading results
      }
      return BROKER; // the embedded broker, and the few other threads of the process
    }
  }

  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> names;
  private final long processNanos;
  private final double compileMs;

  private CpuUse(
      Map<Long, Long> threadNanos, Map<Long, String> names, long processNanos, double compileMs) {
    this.threadNanos = threadNanos;
    this.names = names;
    this.processNanos = processNanos;
    this.compileMs = compileMs;
  }

  /** The process's CPU time so far, nanoseconds; -1 where the JVM cannot tell. */
  static long processNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  /**
   * Milliseconds the JIT compilers have spent so far, over all their threads (so a share of the
   * wall time can pass 100 %): their CPU time where Linux tells it ({@link CompilerThreads}),
   * HotSpot's own count of its compilations' time elsewhere; NaN where neither can be read.
   */
  static double compileMs() {
    double cpu = CompilerThreads.cpuMs();
    if (!Double.isNaN(cpu)) {
      return cpu;
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : Double.NaN;
  }

  /** The CPU clocks now; null where the JVM cannot read them. */
  public static CpuUse now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isThreadCpuTimeSupported() || processNanos() < 0) {
      return null;
    }
    if (!threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(t.getThreadId());
      if (cpu >= 0) {
        nanos.put(t.getThreadId(), cpu);
        names.put(t.getThreadId(), t.getThreadName());
      }
    }
    return new CpuUse(nanos, names, processNanos(), compileMs());
  }

  /**
   * Milliseconds of CPU per image by part between {@code before} and this moment. A thread that
   * ended in between is counted in {@link Part#NATIVE}; where the JVM does not tell the JIT's time,
   * it is too.
   */
  public Map<Part, Double> perImageSince(CpuUse before, int images) {
    Map<Part, Double> ms = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      ms.put(p, 0.0);
    }
    long javaThreads = 0;
    for (var e : threadNanos.entrySet()) {
      long spent = e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L);
      javaThreads += spent;
      ms.merge(Part.of(names.get(e.getKey())), spent / 1e6 / images, Double::sum);
    }
    double rest = Math.max(0, processNanos - before.processNanos - javaThreads) / 1e6;
    double jit = compileMs - before.compileMs;
    if (Double.isNaN(jit)) {
      ms.put(Part.NATIVE, rest / images);
    } else {
      // HotSpot's own count is wall time and can pass the CPU left to it; the JIT then takes it
      // all.
      ms.put(Part.JIT, Math.min(rest, Math.max(0, jit)) / images);
      ms.put(Part.NATIVE, Math.max(0, rest - jit) / images);
    }
    return ms;
  }

  /** CPU milliseconds per image over all parts. */
  public static double total(Map<Part, Double> perImage) {
    return perImage.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
