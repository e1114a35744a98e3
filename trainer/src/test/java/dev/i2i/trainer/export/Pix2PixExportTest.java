package dev.i2i.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.schemas.ModelKind;
import dev.i2i.trainer.TinyRuns;
import dev.i2i.trainer.train.Checkpoint;
import dev.i2i.trainer.train.Pix2PixTrainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class Pix2PixExportTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void train() throws Exception {
    Path data = TinyRuns.edges(tmp.resolve("data"), 4);
    run = tmp.resolve("run");
    // A few steps move the batch-norm running statistics away from 0 and 1.
    new Pix2PixTrainer(
            TinyRuns.pix2pix(data, run, 6, 0), new PrintStream(new ByteArrayOutputStream()))
        .train();
  }

  @Test
  void theInferenceGraphExportsWithParityAtTwoSizesAndFitsTheContract() throws Exception {
    Exporter.Exported e = Exporter.exportPix2Pix(run, tmp.resolve("models"), 2, System.out);
    assertTrue(e.parityError() <= ParityCheck.TOLERANCE, "parity " + e.parityError());
    assertEquals("edges2scene", e.card().name());
    assertEquals(ModelKind.PIX2PIX, e.card().kind());
    assertEquals(8, e.card().inputMultiple());
    String onnx = new String(Files.readAllBytes(e.folder().resolve("model.onnx")), "ISO-8859-1");
    assertTrue(onnx.contains("BatchNormalization") && onnx.contains("Concat"));
    try (OnnxTranslator t = OnnxTranslator.open(ModelFolder.open(e.folder()), Device.CPU)) {
      t.warmUp();
      assertEquals(t.minSide(), e.card().minInputSize());
      BufferedImage out = t.translate(new BufferedImage(37, 29, BufferedImage.TYPE_INT_RGB));
      assertEquals(37, out.getWidth());
      assertEquals(29, out.getHeight());
    }
  }

  @Test
  void aWrongRunningStatisticFailsTheParityCheck() throws Exception {
    Map<String, INDArray> corrupted = Checkpoint.weights(run);
    corrupted.get("G/l1/down_bn/running_var").muli(3);
    Path repo = tmp.resolve("refused");
    IllegalStateException err =
        assertThrows(
            IllegalStateException.class,
            () ->
                Exporter.exportPix2Pix(
                    run, repo, 1, corrupted, Checkpoint.weights(run), false, System.out));
    assertTrue(err.getMessage().contains("parity check failed for edges2scene"), err.getMessage());
    assertFalse(Files.exists(repo.resolve("edges2scene/1/model.onnx")));
  }
}
