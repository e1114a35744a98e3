package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.i2i.trainer.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
