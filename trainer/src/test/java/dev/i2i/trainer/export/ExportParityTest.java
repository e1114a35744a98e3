package dev.i2i.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.schemas.ModelKind;
import dev.i2i.trainer.TinyRuns;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.Checkpoint;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import dev.i2i.trainer.train.GanLoss;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ExportParityTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void train() throws Exception {
    Path data = TinyRuns.season(tmp.resolve("data"), 4);
    run = tmp.resolve("run");
    new CycleGanTrainer(
            TinyRuns.options(data, run, 3, 0), new PrintStream(new ByteArrayOutputStream()))
        .train();
  }

  @Test
  void exportedModelsMatchTheTrainerAtTwoSizesAndFollowTheContract() throws Exception {
    Path repo = tmp.resolve("models");
    List<Exporter.Exported> out = Exporter.exportCycleGan(run, repo, 3, System.out);
    assertEquals(2, out.size());
    for (Exporter.Exported e : out) {
      assertTrue(e.parityError() <= ParityCheck.TOLERANCE, "parity " + e.parityError());
      assertEquals(ModelKind.CYCLEGAN, e.card().kind());
      ModelFolder folder = ModelFolder.open(e.folder()); // card valid, sha256 matches
      try (OnnxTranslator t = OnnxTranslator.open(folder, Device.CPU)) {
        // The smallest input the card computes from the architecture is the one that runs.
        assertEquals(t.minSide(), e.card().minInputSize());
        BufferedImage out1 = t.translate(new BufferedImage(37, 29, BufferedImage.TYPE_INT_RGB));
        assertEquals(37, out1.getWidth());
        assertEquals(29, out1.getHeight());
      }
    }
    assertEquals(repo.resolve("summer2winter").resolve("3"), out.get(0).folder());
    assertEquals("winter", out.get(0).card().targetDomain());
    assertEquals("winter2summer", out.get(1).card().name());
  }

  @Test
  void aRunWithAWeightAverageExportsTheAverageUnlessTheLastWeightsAreAskedFor() throws Exception {
    Path averagedRun = tmp.resolve("averaged-run");
    CycleGanOptions opt = TinyRuns.options(tmp.resolve("data"), averagedRun, 3, 0);
    opt.averageDecay = 0.9; // the default is 0.999; any decay is recorded as it was
    new CycleGanTrainer(opt, new PrintStream(new ByteArrayOutputStream())).train();
    Exporter.Exported avg =
        Exporter.exportCycleGan(averagedRun, tmp.resolve("avg-models"), 1, System.out).get(0);
    Exporter.Exported last =
        Exporter.exportCycleGan(averagedRun, tmp.resolve("last-models"), 1, false, System.out)
            .get(0);
    assertTrue(avg.parityError() <= ParityCheck.TOLERANCE, "parity " + avg.parityError());
    assertEquals("average, decay 0.9", avg.card().training().get("weights"));
    assertEquals("last step", last.card().training().get("weights"));
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(avg.folder().resolve("model.onnx")),
            Files.readAllBytes(last.folder().resolve("model.onnx"))),
        "the averaged generator is another model");
    // A run without an average exports its last weights, and says so.
    Path plainRun = tmp.resolve("plain-run");
    CycleGanOptions off = TinyRuns.options(tmp.resolve("data"), plainRun, 1, 0);
    off.averageDecay = 0;
    new CycleGanTrainer(off, new PrintStream(new ByteArrayOutputStream())).train();
    Exporter.Exported plain =
        Exporter.exportCycleGan(plainRun, tmp.resolve("plain-models"), 1, System.out).get(0);
    assertEquals("last step", plain.card().training().get("weights"));
  }

  @Test
  void theResizeUpsamplingVariantExportsWithParityToo() throws Exception {
    Path resizeRun = tmp.resolve("resize-run");
    new CycleGanTrainer(
            TinyRuns.options(tmp.resolve("data"), resizeRun, 2, 0, Upsampling.RESIZE),
            new PrintStream(new ByteArrayOutputStream()))
        .train();
    for (Exporter.Exported e :
        Exporter.exportCycleGan(resizeRun, tmp.resolve("resize-models"), 1, System.out)) {
      assertTrue(e.parityError() <= ParityCheck.TOLERANCE, "parity " + e.parityError());
      assertEquals("resize", e.card().training().get("upsampling"));
    }
  }

  /** One generator factory: CycleGAN trains a U-Net too (no dropout), with vanilla GAN loss. */
  @Test
  void aCycleGanUnetWithVanillaLossExportsWithParity() throws Exception {
    Path unetRun = tmp.resolve("unet-run");
    CycleGanOptions opt =
        TinyRuns.options(tmp.resolve("data"), unetRun, 2, 0, Upsampling.TRANSPOSED, "unet_4");
    opt.ganMode = GanLoss.VANILLA;
    new CycleGanTrainer(opt, new PrintStream(new ByteArrayOutputStream())).train();
    for (Exporter.Exported e :
        Exporter.exportCycleGan(unetRun, tmp.resolve("unet-models"), 1, System.out)) {
      assertTrue(e.parityError() <= ParityCheck.TOLERANCE, "parity " + e.parityError());
      assertEquals("unet_4", e.card().training().get("architecture"));
      assertEquals(16, e.card().inputMultiple());
      assertTrue(
          ((List<?>) e.card().training().get("trainCommands"))
              .get(0)
              .toString()
              .contains("--generator unet_4 --gan-mode vanilla"),
          e.card().training().toString());
    }
  }

  @Test
  void theBatchNormVariantExportsItsRunningStatisticsWithParity() throws Exception {
    Path bnRun = tmp.resolve("bn-run");
    new CycleGanTrainer(
            TinyRuns.options(
                tmp.resolve("data"), bnRun, 4, 0, Upsampling.DECONV, "resnet_bn_6blocks"),
            new PrintStream(new ByteArrayOutputStream()))
        .train();
    Map<String, INDArray> w = Checkpoint.weights(bnRun);
    INDArray mean = w.get("G_A/down0/bn/running_mean");
    assertTrue(mean.norm1Number().doubleValue() > 0, "running mean moved off 0");
    assertEquals(8, mean.length()); // ngf 4 doubled by the first downsampling
    assertArrayEquals(new long[] {4, 4, 4, 8}, w.get("G_A/down0/W").shape()); // a 4x4 conv
    // The weight average replaces weights; the statistics exported are the last step's.
    Map<String, INDArray> last = Checkpoint.weights(bnRun, false);
    assertEquals(last.get("G_A/down0/bn/running_mean"), mean);
    assertFalse(last.get("G_A/down0/W").equals(w.get("G_A/down0/W")), "the weights are averaged");
    for (Exporter.Exported e :
        Exporter.exportCycleGan(bnRun, tmp.resolve("bn-models"), 1, System.out)) {
      assertTrue(e.parityError() <= ParityCheck.TOLERANCE, "parity " + e.parityError());
      assertEquals("resnet_bn_6blocks", e.card().training().get("architecture"));
      String onnx = new String(Files.readAllBytes(e.folder().resolve("model.onnx")), "ISO-8859-1");
      assertTrue(onnx.contains("BatchNormalization") && !onnx.contains("InstanceNormalization"));
    }
  }

  @Test
  void aCorruptedWeightMakesTheParityCheckFailAndNothingIsWritten() throws Exception {
    Map<String, INDArray> corrupted = Checkpoint.weights(run);
    corrupted.get("G_A/res0/conv0/W").putScalar(0, 0, 0, 0, 5.0);
    Path repo = tmp.resolve("refused");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Exporter.exportCycleGan(
                    run, repo, 1, corrupted, Checkpoint.weights(run), false, System.out));
    assertTrue(e.getMessage().contains("parity check failed for summer2winter"), e.getMessage());
    assertFalse(Files.exists(repo.resolve("summer2winter/1/model.onnx")));
    try (var left = Files.list(repo.resolve("summer2winter"))) {
      assertEquals(0, left.count(), "no version and no staging folder left");
    }
  }
}
