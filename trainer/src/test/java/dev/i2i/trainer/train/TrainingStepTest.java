package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import dev.i2i.trainer.data.Preprocess;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.data.UnpairedDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainingStepTest {
  @TempDir Path tmp;

  @Test
  void generatorAndDiscriminatorUpdatesLowerTheirLossOnTheSameBatch() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 4);
    CycleGanOptions opt = TinyRuns.options(data, tmp.resolve("run"), 1, 0);
    CycleGanModel model = new CycleGanModel(opt);
    UnpairedDataset ds = new UnpairedDataset(data, new Preprocess(32, 32, false), 1);
    INDArray[] batch = ds.batch(0, 2, new Rng(5));
    INDArray a = batch[0];
    INDArray b = batch[1];
    Map<String, INDArray> before = snapshot(model);

    double gBefore = model.generatorLoss(a, b);
    Map<String, INDArray> fakes = new HashMap<>();
    model.stepGenerators(a, b, 1e-3, fakes);
    double gAfter = model.generatorLoss(a, b);
    assertTrue(gAfter < gBefore, "G loss " + gBefore + " -> " + gAfter);
    assertTrue(changed(before, model, model.generatorParamNames()), "G weights changed");
    assertFalse(changed(before, model, model.discriminatorParamNames()), "D untouched by G step");

    INDArray fakeA = fakes.get("fake_A");
    INDArray fakeB = fakes.get("fake_B");
    double dBefore = model.discriminatorLoss(a, b, fakeA, fakeB);
    model.stepDiscriminators(a, b, fakeA, fakeB, 1e-3);
    double dAfter = model.discriminatorLoss(a, b, fakeA, fakeB);
    assertTrue(dAfter < dBefore, "D loss " + dBefore + " -> " + dAfter);
    assertTrue(changed(before, model, model.discriminatorParamNames()), "D weights changed");
  }

  @Test
  void aTinyRunLowersTheCycleLossWithinAHundredStepsAndKeepsMemoryFlatTo500() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 8);
    Path run = tmp.resolve("run");
    new CycleGanTrainer(TinyRuns.options(data, run, 500, 0), quiet()).train();
    List<String> rows = Files.readAllLines(run.resolve(LossLog.FILE));
    List<String> header = List.of(rows.get(0).split(","));
    int cycleA = header.indexOf("cycle_A");
    int cycleB = header.indexOf("cycle_B");
    double first = mean(rows.subList(1, 11), cycleA, cycleB);
    double at100 = mean(rows.subList(91, 101), cycleA, cycleB);
    assertTrue(at100 < 0.7 * first, "cycle loss (A+B) steps 1-10 " + first + ", 91-100 " + at100);

    // ND4J's native memory must not creep: resident memory at step 500 within 10 % of step 50.
    int rss = header.indexOf("rss_mb");
    long at50 = Long.parseLong(rows.get(50).split(",")[rss]);
    long at500 = Long.parseLong(rows.get(500).split(",")[rss]);
    assertTrue(at50 > 0, "resident memory is readable on this OS");
    assertTrue(
        Math.abs(at500 - at50) <= 0.10 * at50,
        "resident memory step 50: " + at50 + " MB, step 500: " + at500 + " MB");
    assertTrue(Files.exists(run.resolve("losses.png")));
    assertTrue(Files.list(run.resolve("samples")).count() >= 2, "sample grids written");
  }

  static double mean(List<String> rows, int... cols) {
    double s = 0;
    for (String r : rows) {
      String[] f = r.split(",");
      for (int c : cols) {
        s += Double.parseDouble(f[c]);
      }
    }
    return s / rows.size();
  }

  static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  private static Map<String, INDArray> snapshot(CycleGanModel model) {
    Map<String, INDArray> s = new HashMap<>();
    model.params().asMap().forEach((k, v) -> s.put(k, v.dup()));
    return s;
  }

  private static boolean changed(
      Map<String, INDArray> before, CycleGanModel m, List<String> names) {
    for (String n : names) {
      if (!before.get(n).equals(m.params().get(n))) {
        return true;
      }
    }
    return false;
  }
}
