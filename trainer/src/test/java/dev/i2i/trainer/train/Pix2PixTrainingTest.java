package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import dev.i2i.trainer.data.PairedDataset;
import dev.i2i.trainer.data.Preprocess;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.nn.UnetGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

class Pix2PixTrainingTest {
  @TempDir Path tmp;

  static double l1(Pix2PixModel model, INDArray[] pairs) {
    return Transforms.abs(model.translate(pairs[0]).sub(pairs[1])).meanNumber().doubleValue();
  }

  @Test
  void aShortRunLowersTheL1ToTheTargetAndKeepsRunningStatistics() throws Exception {
    Path data = TinyRuns.edges(tmp.resolve("data"), 8);
    Pix2PixOptions opt = TinyRuns.pix2pix(data, tmp.resolve("run"), 0, 0);
    PairedDataset set = new PairedDataset(data, new Preprocess(32, 32, false), true, 11);
    Pix2PixModel model = new Pix2PixModel(opt);
    INDArray[] train = set.batch(0, 8, new Rng(1)); // all 8 training pairs
    double before = l1(model, train);
    Rng rng = new Rng(11);
    INDArray meanBefore = model.params().get("G/l1/down_bn/running_mean").dup();
    for (int step = 0; step < 80; step++) {
      model.step(set.batch(step, 1, rng), 2e-4, rng);
    }
    double after = l1(model, train);
    assertTrue(after < 0.8 * before, "L1 to the target " + before + " -> " + after);
    assertTrue(
        model.params().get("G/l1/down_bn/running_mean").sub(meanBefore).norm1Number().doubleValue()
            > 0,
        "running statistics follow the batches");
    assertTrue(((UnetGenerator) opt.generator()).dropoutAt(1), "the tiny net has a dropout layer");
  }

  @Test
  void stoppingAndResumingGivesTheLossesOfAnUninterruptedRun() throws Exception {
    Path data = TinyRuns.edges(tmp.resolve("data"), 4);
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    new Pix2PixTrainer(TinyRuns.pix2pix(data, straight, 8, 0), TrainingStepTest.quiet()).train();
    new Pix2PixTrainer(TinyRuns.pix2pix(data, resumed, 4, 0), TrainingStepTest.quiet()).train();
    new Pix2PixTrainer(TinyRuns.pix2pix(data, resumed, 8, 0), TrainingStepTest.quiet()).train();
    List<String> a = Files.readAllLines(straight.resolve(LossLog.FILE));
    List<String> b = Files.readAllLines(resumed.resolve(LossLog.FILE));
    assertEquals(a.size(), b.size());
    for (int i = 1; i < a.size(); i++) {
      assertEquals(losses(a.get(i)), losses(b.get(i)), "step " + i);
    }
    assertTrue(Files.exists(straight.resolve("samples/step_0000008.png")));
  }

  /** The loss columns of a losses.csv line (not the timings and memory). */
  static String losses(String line) {
    String[] f = line.split(",");
    return String.join(",", java.util.Arrays.copyOfRange(f, 5, f.length));
  }
}
