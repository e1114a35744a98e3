package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ResumeTest {
  @TempDir Path tmp;

  @Test
  void stoppingAndResumingGivesTheSameLossesAsAnUninterruptedRun() throws Exception {
    // Pool size 4 < steps, so the resumed half also exercises restored pools and random state.
    Path data = TinyRuns.season(tmp.resolve("data"), 4);
    Path straight = tmp.resolve("straight");
    new CycleGanTrainer(TinyRuns.options(data, straight, 12, 0), TrainingStepTest.quiet()).train();

    Path resumed = tmp.resolve("resumed");
    new CycleGanTrainer(TinyRuns.options(data, resumed, 6, 0), TrainingStepTest.quiet()).train();
    new CycleGanTrainer(TinyRuns.options(data, resumed, 12, 0), TrainingStepTest.quiet()).train();

    List<String> a = losses(straight);
    List<String> b = losses(resumed);
    assertEquals(13, a.size(), "header + 12 steps");
    assertEquals(a, b);
  }

  @Test
  void aResumedRunEndsWithTheSameWeightAverageAsAnUninterruptedOne() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 4);
    Path straight = tmp.resolve("straight");
    new CycleGanTrainer(averaged(data, straight, 8), TrainingStepTest.quiet()).train();
    Path resumed = tmp.resolve("resumed");
    new CycleGanTrainer(averaged(data, resumed, 4), TrainingStepTest.quiet()).train();
    new CycleGanTrainer(averaged(data, resumed, 8), TrainingStepTest.quiet()).train();

    Map<String, INDArray> a = Checkpoint.weights(straight, true);
    Map<String, INDArray> b = Checkpoint.weights(resumed, true);
    Map<String, INDArray> last = Checkpoint.weights(straight, false);
    assertEquals(a.keySet(), b.keySet());
    int averaged = 0;
    for (String name : a.keySet()) {
      assertEquals(a.get(name), b.get(name), name);
      if (!a.get(name).equals(last.get(name))) {
        averaged++;
        assertTrue(name.startsWith("G_"), "only generator weights are averaged: " + name);
      }
    }
    assertTrue(averaged > 0, "the average differs from the last step's weights");
  }

  private static CycleGanOptions averaged(Path data, Path run, long steps) {
    CycleGanOptions o = TinyRuns.options(data, run, steps, 0);
    o.averageDecay = 0.9;
    return o;
  }

  /** Loss columns only (timing and memory columns differ between runs). */
  private static List<String> losses(Path run) throws Exception {
    return Files.readAllLines(run.resolve(LossLog.FILE)).stream()
        .map(
            l -> {
              String[] f = l.split(",");
              return f[0]
                  + ","
                  + f[1]
                  + ","
                  + f[2]
                  + ","
                  + String.join(",", List.of(f).subList(5, f.length));
            })
        .toList();
  }
}
