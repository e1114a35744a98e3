package dev.i2i.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.demo.bench.CpuTimeline.Interval;
import dev.i2i.demo.bench.CpuTimeline.Machine;
import dev.i2i.demo.bench.CpuTimeline.Ticks;
import dev.i2i.demo.bench.CpuUse.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ran beside a window: the sampled intervals, their weighting, and the machine's ticks. */
class CpuTimelineTest {
  private static final int JIT = CpuTimeline.index(Part.JIT);

  private static double[] jit(double cores) {
    double[] c = new double[CpuTimeline.COLUMNS.size()];
    c[JIT] = cores;
    return c;
  }

  @Test
  void aWindowTakesEachIntervalByHowLongItOverlapsIt() {
    CpuTimeline t =
        CpuTimeline.of(
            List.of(
                new Interval(1000, 1100, jit(0.0)),
                new Interval(1100, 1200, jit(1.0)),
                new Interval(1200, 1300, jit(0.0))));
    // 50 ms of the quiet first interval and 100 ms of the compiling one.
    assertEquals(2.0 / 3, t.over(List.of(new long[] {1050, 1200}))[JIT], 1e-9);
    // Two windows: each overlap counts, so a moment two slow requests shared counts twice.
    assertEquals(
        0.75, t.over(List.of(new long[] {1100, 1200}, new long[] {1150, 1250}))[JIT], 1e-9);
    assertEquals(1.0 / 3, t.overall()[JIT], 1e-9);
    assertNull(t.over(List.of(new long[] {2000, 2100})), "no interval beside it");
    // An interval that cannot tell a figure leaves it to the others, not NaN to the whole mean.
    double[] unknown = jit(0.5);
    unknown[CpuTimeline.index(Machine.IDLE)] = Double.NaN;
    double[] idle = jit(0.5);
    idle[CpuTimeline.index(Machine.IDLE)] = 1.5;
    double[] mean =
        CpuTimeline.of(List.of(new Interval(0, 100, idle), new Interval(100, 110, unknown)))
            .overall();
    assertEquals(1.5, mean[CpuTimeline.index(Machine.IDLE)], 1e-9);
    assertEquals(0.5, mean[JIT], 1e-9);
    assertNull(CpuTimeline.of(List.of()).overall());
  }

  @Test
  void procStatGivesBusyStealAndIdleTicksOverAllCores() {
    Ticks t =
        Ticks.parse(
            List.of(
                "cpu  100 5 20 300 10 1 2 7 40 0",
                "cpu0 50 2 10 150 5 1 1 3 20 0",
                "cpu1 50 3 10 150 5 0 1 4 20 0",
                "intr 12345"));
    assertNotNull(t);
    assertEquals(128, t.busy(), "user, nice, system, irq, softirq; guest is inside user");
    assertEquals(7, t.steal());
    assertEquals(310, t.idle(), "idle and iowait");
    assertEquals(445, t.total());
    assertEquals(2, t.cores());
    assertNull(Ticks.parse(List.of("intr 1")));
  }

  @Test
  void aBusyInferenceThreadShowsInItsWindowAndTheMachineAddsUpToItsCores() throws Exception {
    long[] window = new long[2];
    CpuTimeline timeline = CpuTimeline.start();
    try (timeline) {
      Thread.sleep(300);
      Thread spin =
          new Thread(
              () -> {
                window[0] = System.currentTimeMillis();
                long until = System.nanoTime() + 600_000_000L;
                double x = 0;
                while (System.nanoTime() < until) {
                  x += Math.sqrt(x + 1);
                }
                window[1] = System.currentTimeMillis();
                assertTrue(x > 0);
              },
              "i2i-infer-test");
      spin.start();
      spin.join();
      Thread.sleep(300);
    }
    double[] during = timeline.over(List.of(window));
    double[] all = timeline.overall();
    int inference = CpuTimeline.index(Part.INFERENCE);
    // One thread spinning is one core's worth when it has the core; a loaded machine gives less,
    // never none, and the quiet 0.3 s around it lower the whole timeline's mean.
    assertTrue(during[inference] > 0.2, "inference cores: " + during[inference]);
    assertTrue(during[inference] > all[inference]);
    if (!Double.isNaN(all[CpuTimeline.index(Machine.IDLE)])) {
      double sum = 0;
      for (int i = 0; i < all.length; i++) {
        sum += i == CpuTimeline.index(Machine.GC) ? 0 : all[i]; // gc is time, not CPU
      }
      int cores = Ticks.now().cores();
      assertEquals(cores, sum, 0.25 * cores, "every core is busy, stolen or idle");
    }
  }
}
