package dev.i2i.trainer.train;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time per op type of compiled gradient passes ({@link CompiledGraph}), recorded while
 * switched on: what a step's time is made of, op by op, including each op's shape computation,
 * allocation and native call.
 */
public final class OpTimes {
  private static volatile OpTimes active;
  private final Map<String, long[]> byOp = new LinkedHashMap<>(); // name -> {nanos, calls}

  /** Starts recording every compiled pass of this process into a fresh table. */
  public static OpTimes start() {
    OpTimes t = new OpTimes();
    active = t;
    return t;
  }

  /** Stops recording. */
  public void stop() {
    active = null;
  }

  static OpTimes active() {
    return active;
  }

  synchronized void add(String op, long nanos) {
    long[] v = byOp.computeIfAbsent(op, k -> new long[2]);
    v[0] += nanos;
    v[1]++;
  }

  /** The {@code top} op types by total time, per step over {@code steps} steps. */
  public synchronized void print(PrintStream out, int steps, int top) {
    long total = byOp.values().stream().mapToLong(v -> v[0]).sum();
    long calls = byOp.values().stream().mapToLong(v -> v[1]).sum();
    out.printf(
        Locale.ROOT,
        "%ncompiled gradient passes: %d ops and %.1f ms a step (%d steps), by op type:%n"
            + "| op | ms/step | share | calls/step | us/call |%n|---|---|---|---|---|%n",
        calls / Math.max(1, steps),
        total / 1e6 / Math.max(1, steps),
        steps);
    byOp.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .limit(top)
        .forEach(
            e -> {
              long[] v = e.getValue();
              out.printf(
                  Locale.ROOT,
                  "| %s | %.1f | %.0f %% | %d | %.0f |%n",
                  e.getKey(),
                  v[0] / 1e6 / Math.max(1, steps),
                  100.0 * v[0] / Math.max(1, total),
                  v[1] / Math.max(1, steps),
                  v[0] / 1e3 / v[1]);
            });
  }
}
