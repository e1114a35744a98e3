package dev.i2i.trainer.perf;

import dev.i2i.cli.Progress;
import dev.i2i.runtime.ResidentMemory;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.train.GanModel;
import dev.i2i.trainer.train.NativeMemory;
import java.io.PrintStream;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times training steps of a model on random images: the median step once warm, the peak resident
 * memory, and resident memory early (step N/10) against late (step N) so growth shows.
 */
public final class StepBenchmark {
  /** What a run measured. */
  public record Result(
      int steps,
      double medianSeconds,
      double minSeconds,
      long peakResidentMb,
      long residentEarlyMb,
      long residentLateMb) {}

  private StepBenchmark() {}

  /** Random images in [-1, 1], fixed by the seed. */
  public static INDArray[] randomBatch(int batch, int size, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray a = Nd4j.rand(Nd4j.defaultFloatingPointType(), batch, 3, size, size).muli(2).subi(1);
    INDArray b = Nd4j.rand(Nd4j.defaultFloatingPointType(), batch, 3, size, size).muli(2).subi(1);
    return new INDArray[] {a, b};
  }

  /**
   * Runs {@code warmup} untimed steps, then {@code steps} timed ones, with the training loop's
   * per-step hygiene, showing progress on {@code console}.
   */
  public static Result run(
      GanModel model, INDArray[] batch, int warmup, int steps, PrintStream console) {
    return run(model, batch, warmup, steps, console, () -> {});
  }

  /** As above; {@code timedStart} runs between the warm-up and the timed steps. */
  public static Result run(
      GanModel model,
      INDArray[] batch,
      int warmup,
      int steps,
      PrintStream console,
      Runnable timedStart) {
    NativeMemory.configure();
    Rng rng = new Rng(1);
    Progress progress = new Progress(console, "bench", 0, warmup + steps, 1);
    for (int i = 0; i < warmup; i++) {
      long t0 = System.nanoTime();
      oneStep(model, batch, rng);
      progress.update(i + 1, status("warm-up", (System.nanoTime() - t0) / 1e9));
    }
    timedStart.run();
    double[] seconds = new double[steps];
    long early = -1;
    for (int i = 0; i < steps; i++) {
      long t0 = System.nanoTime();
      oneStep(model, batch, rng);
      seconds[i] = (System.nanoTime() - t0) / 1e9;
      if (i + 1 == Math.max(1, steps / 10)) {
        early = ResidentMemory.megabytes();
      }
      progress.update(warmup + i + 1, status("timed", seconds[i]));
    }
    long late = ResidentMemory.megabytes();
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    return new Result(
        steps, sorted[steps / 2], sorted[0], ResidentMemory.peakMegabytes(), early, late);
  }

  private static String status(String phase, double seconds) {
    return String.format(
        java.util.Locale.ROOT,
        "%s %.2f s, resident %d MB, peak %d MB",
        phase,
        seconds,
        ResidentMemory.megabytes(),
        ResidentMemory.peakMegabytes());
  }

  /** One step as the training loop runs it (see TrainingLoop). */
  static void oneStep(GanModel model, INDArray[] batch, Rng rng) {
    model.step(batch, 2e-4, rng);
    NativeMemory.afterStep();
  }
}
