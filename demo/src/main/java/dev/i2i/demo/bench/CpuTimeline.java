package dev.i2i.demo.bench;

import java.io.BufferedReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What ran when, sampled every {@link #PERIOD_MS} ms while a phase runs: this process's CPU by
 * part, its JIT compilers and garbage collections, and the rest of the machine (other processes,
 * the hypervisor's steal, idle cores), so the time of the slowest requests can be set against what
 * ran beside them.
 */
public final class CpuTimeline implements AutoCloseable {
  /** Sampling period, milliseconds. */
  static final long PERIOD_MS = 100;

  /**
   * What a core's time went to beyond this process's CPU by {@link CpuUse.Part}: in a timeline's
   * figures these follow the parts, every one in cores (seconds of it per second).
   */
  public enum Machine {
    /** Garbage collection as the collectors count it (G1: its pauses), not CPU. */
    GC("gc"),
    /** Every other process on the machine. */
    OTHERS("others"),
    /** Time the hypervisor gave this machine's cores to other machines. */
    STEAL("steal"),
    IDLE("idle");

    /** The column's name. */
    public final String column;

    Machine(String column) {
      this.column = column;
    }
  }

  /** The figures' columns: this process's parts, then the machine's. */
  public static final List<String> COLUMNS =
      Stream.concat(
              Arrays.stream(CpuUse.Part.values()).map(p -> p.column),
              Arrays.stream(Machine.values()).map(m -> m.column))
          .toList();

  /** Where a part's cores are in a timeline's figures. */
  static int index(CpuUse.Part part) {
    return part.ordinal();
  }

  /** Where the machine's cores of a kind are in a timeline's figures. */
  static int index(Machine m) {
    return CpuUse.Part.values().length + m.ordinal();
  }

  /** One sampling interval, epoch milliseconds, and the cores each use took in it. */
  record Interval(long from, long to, double[] cores) {}

  /** The machine's CPU ticks since boot, from {@code /proc/stat}: busy, steal, idle, all. */
  record Ticks(long busy, long steal, long idle, long total, int cores) {
    /**
     * Parses {@code /proc/stat}; null where it has no {@code cpu} line. Guest time is already in
     * user and nice, so it is not added again.
     */
    static Ticks parse(List<String> procStat) {
      int cores = (int) procStat.stream().filter(l -> l.matches("cpu\\d+ .*")).count();
      for (String line : procStat) {
        if (line.startsWith("cpu ")) {
          long[] v =
              Arrays.stream(line.substring(4).trim().split("\\s+"))
                  .mapToLong(Long::parseLong)
                  .toArray();
          // user nice system idle iowait irq softirq steal (guest guest_nice)
          long busy = field(v, 0) + field(v, 1) + field(v, 2) + field(v, 5) + field(v, 6);
          long idle = field(v, 3) + field(v, 4);
          long steal = field(v, 7);
          return new Ticks(busy, steal, idle, busy + steal + idle, Math.max(1, cores));
        }
      }
      return null;
    }

    private static long field(long[] values, int i) {
      return i < values.length ? values[i] : 0;
    }

    static Ticks now() {
      try {
        // Only the cpu lines, which come first: the rest (interrupt counts) is most of the file.
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/stat"))) {
          List<String> cpuLines = new ArrayList<>();
          for (String l = in.readLine(); l != null && l.startsWith("cpu"); l = in.readLine()) {
            cpuLines.add(l);
          }
          return parse(cpuLines);
        }
      } catch (Exception e) {
        return null; // not Linux: the machine's columns stay unknown
      }
    }
  }

  private record Sample(long epochMs, CpuUse cpu, double gcMs, Ticks ticks) {
    static Sample now() {
      return new Sample(System.currentTimeMillis(), CpuUse.now(), collectionMs(), Ticks.now());
    }

    /** The interval from {@code before} to this sample; null when the clock did not move. */
    Interval since(Sample before) {
      long ms = epochMs - before.epochMs;
      if (ms <= 0) {
        return null;
      }
      double[] cores = new double[COLUMNS.size()];
      Map<CpuUse.Part, Double> cpu = this.cpu.perImageSince(before.cpu, 1);
      for (var e : cpu.entrySet()) {
        cores[index(e.getKey())] = e.getValue() / ms;
      }
      double process = CpuUse.total(cpu) / ms;
      cores[index(Machine.GC)] = Math.max(0, gcMs - before.gcMs) / ms;
      if (ticks == null || before.ticks == null || ticks.total <= before.ticks.total) {
        for (Machine m : List.of(Machine.OTHERS, Machine.STEAL, Machine.IDLE)) {
          cores[index(m)] = Double.NaN;
        }
      } else {
        // Ticks are counted per core (100 a second each): their shares of all, times the cores.
        double perTick = (double) ticks.cores / (ticks.total - before.ticks.total);
        cores[index(Machine.OTHERS)] = (ticks.busy - before.ticks.busy) * perTick - process;
        cores[index(Machine.STEAL)] = (ticks.steal - before.ticks.steal) * perTick;
        cores[index(Machine.IDLE)] = (ticks.idle - before.ticks.idle) * perTick;
      }
      return new Interval(before.epochMs, epochMs, cores);
    }
  }

  private final ScheduledExecutorService timer;
  private final List<Interval> intervals = new ArrayList<>();
  private Sample last;

  private CpuTimeline(boolean sample) {
    if (!sample) {
      timer = null;
      return;
    }
    last = Sample.now();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-sampler");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::sample, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  /** Starts sampling; a timeline that stays empty where the JVM cannot read its threads' CPU. */
  public static CpuTimeline start() {
    return new CpuTimeline(CpuUse.now() != null);
  }

  /** A timeline of the given intervals (for tests). */
  static CpuTimeline of(List<Interval> intervals) {
    CpuTimeline t = new CpuTimeline(false);
    t.intervals.addAll(intervals);
    return t;
  }

  private synchronized void sample() {
    Sample now = Sample.now();
    Interval i = now.since(last);
    if (i != null) {
      intervals.add(i);
      last = now;
    }
  }

  /** Stops sampling, after a last sample. */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sample();
    }
  }

  /**
   * Mean cores by use over the given windows (epoch milliseconds {@code [from, to]}), each interval
   * weighted by how long it overlaps each window; null where no interval overlaps any. An interval
   * that could not tell a figure (NaN: the machine's ticks did not move in a last, short interval,
   * or there is no {@code /proc/stat}) is left out of that figure's mean, NaN only if all are.
   */
  public synchronized double[] over(List<long[]> windows) {
    double[] sum = new double[COLUMNS.size()];
    double[] weight = new double[COLUMNS.size()];
    boolean any = false;
    for (Interval i : intervals) {
      for (long[] w : windows) {
        long overlap = Math.min(i.to, w[1]) - Math.max(i.from, w[0]);
        if (overlap > 0) {
          any = true;
          for (int u = 0; u < sum.length; u++) {
            if (!Double.isNaN(i.cores[u])) {
              sum[u] += overlap * i.cores[u];
              weight[u] += overlap;
            }
          }
        }
      }
    }
    if (!any) {
      return null;
    }
    for (int u = 0; u < sum.length; u++) {
      sum[u] = weight[u] > 0 ? sum[u] / weight[u] : Double.NaN;
    }
    return sum;
  }

  /** Mean cores by use over the whole timeline; null before its first interval. */
  public synchronized double[] overall() {
    return intervals.isEmpty()
        ? null
        : over(List.of(new long[] {intervals.get(0).from, intervals.get(intervals.size() - 1).to}));
  }

  private static double collectionMs() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(t -> t > 0)
        .sum();
  }
}
