package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run resumes on the schedule it started with, and its log says which rate each step had. */
class ScheduleGuardTest {
  @TempDir Path tmp;

  static CycleGanOptions withEpochs(CycleGanOptions o, int nEpochs, int nEpochsDecay, long max) {
    CycleGanOptions copy = TinyRuns.options(Path.of(o.data), Path.of(o.run), max, o.saveEvery);
    copy.nEpochs = nEpochs;
    copy.nEpochsDecay = nEpochsDecay;
    return copy;
  }

  @Test
  void resumingWithAnotherScheduleIsRefusedAndTheSameOneContinues() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 2);
    Path run = tmp.resolve("run");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    CycleGanOptions base = TinyRuns.options(data, run, 2, 1);
    // 2 images per epoch: epochs 0 at full rate, then 1 of decay (rate halved), 4 steps in all.
    new CycleGanTrainer(withEpochs(base, 1, 1, 2), quiet).train();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CycleGanTrainer(withEpochs(base, 2, 2, 4), quiet).train());
    assertTrue(e.getMessage().contains("--n-epochs 1 --n-epochs-decay 1"), e.getMessage());
    assertTrue(e.getMessage().contains("would change its learning-rate schedule"));
    new CycleGanTrainer(withEpochs(base, 1, 1, 4), quiet).train();
    assertEquals(List.of("steps 1-2: 2.0E-4", "steps 3-4: 1.0E-4"), LossLog.schedule(run));
  }

  @Test
  void resumingWithAnotherAverageDecayIsRefused() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 2);
    Path run = tmp.resolve("run");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    new CycleGanTrainer(TinyRuns.options(data, run, 2, 1), quiet).train();
    CycleGanOptions other = TinyRuns.options(data, run, 4, 1);
    other.averageDecay = 0.99;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new CycleGanTrainer(other, quiet).train());
    assertTrue(e.getMessage().contains("Resume with --average-decay 0.999"), e.getMessage());
  }

  @Test
  void resumingWithAnotherGanLossIsRefusedAndTheSameOneContinues() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 2);
    Path run = tmp.resolve("run");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    CycleGanOptions lsgan = TinyRuns.options(data, run, 2, 1);
    lsgan.ganMode = GanLoss.LSGAN;
    new CycleGanTrainer(lsgan, quiet).train();
    CycleGanOptions byDefault = TinyRuns.options(data, run, 4, 1); // vanilla since 2026-12-02
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new CycleGanTrainer(byDefault, quiet).train());
    assertTrue(e.getMessage().contains("Resume with --gan-mode lsgan"), e.getMessage());
    // A run from before --gan-mode had least squares, and resumes only with it.
    Path options = run.resolve(TrainingLoop.OPTIONS_FILE);
    Files.writeString(
        options, Files.readString(options).replaceAll("\\s*\"ganMode\" : \"LSGAN\",", ""));
    assertFalse(Files.readString(options).contains("ganMode"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new CycleGanTrainer(byDefault, quiet).train());
    assertTrue(e.getMessage().contains("Resume with --gan-mode lsgan"), e.getMessage());
    lsgan.maxSteps = 4;
    new CycleGanTrainer(lsgan, quiet).train();
    List<String> schedule = LossLog.schedule(run);
    assertTrue(schedule.get(schedule.size() - 1).contains("-4: "), schedule.toString());
    assertTrue(Files.readString(options).contains("\"ganMode\" : \"LSGAN\""), "and recorded");
  }

  @Test
  void aRunFromBeforeTheAverageResumesWithoutOne() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 2);
    Path run = tmp.resolve("run");
    CycleGanOptions old = TinyRuns.options(data, run, 2, 1);
    old.averageDecay = 0;
    new CycleGanTrainer(old, new PrintStream(new ByteArrayOutputStream())).train();
    Path options = run.resolve(TrainingLoop.OPTIONS_FILE); // as written before the flag existed
    Files.writeString(
        options, Files.readString(options).replaceAll("\\s*\"averageDecay\" : [0-9.]+,", ""));
    assertFalse(Files.readString(options).contains("averageDecay"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    new CycleGanTrainer(TinyRuns.options(data, run, 4, 1), new PrintStream(console, true)).train();
    assertTrue(console.toString().contains("goes on without one"), console.toString());
    assertFalse(Checkpoint.hasAverage(run), "no average of half a run");
    assertTrue(Files.readString(options).contains("\"averageDecay\" : 0.0"), "and none recorded");
    // Resumed again with the default, it goes on the same way.
    new CycleGanTrainer(TinyRuns.options(data, run, 6, 1), new PrintStream(console, true)).train();
    assertFalse(Checkpoint.hasAverage(run));
  }
}
