package dev.i2i.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.schemas.ModelCard;
import dev.i2i.trainer.data.SeasonDataset;
import dev.i2i.trainer.eval.Evaluation;
import dev.i2i.trainer.eval.Evaluator;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed season model: valid card, matching sha256, metrics that reproduce. */
class BundledModelTest {
  static final Path MODEL = Path.of("..", "models", "summer2winter", "1");
  @TempDir Path tmp;

  @Test
  void evaluatingOnAFreshlyRenderedTestSetReproducesTheCardsMetrics() throws Exception {
    ModelFolder model = ModelFolder.open(MODEL); // valid card, sha256 matches
    ModelCard card = model.card();
    String cmd = (String) card.training().get("datasetCommand");
    Path data = tmp.resolve("season");
    SeasonDataset.write(
        data, flag(cmd, "size"), flag(cmd, "train"), flag(cmd, "test"), flag(cmd, "seed"), n -> {});
    Evaluation e;
    try (OnnxTranslator t = OnnxTranslator.open(model, Device.CPU)) {
      e = Evaluator.evaluate(t, data, false, n -> {});
    }
    Map<String, Double> m = card.metrics();
    assertEquals(m.get("psnr"), e.psnr(), 1e-3);
    assertEquals(m.get("ssim"), e.ssim(), 1e-4);
    assertEquals(m.get("identity_psnr"), e.identityPsnr(), 1e-6);
    assertEquals(m.get("colortransfer_psnr"), e.colorTransferPsnr(), 1e-6);
    assertEquals(m.get("colortransfer_ssim"), e.colorTransferSsim(), 1e-6);
    assertEquals(m.get("layout_distance"), e.layout(), 1e-4);
    assertTrue(e.beatsBaselines(), e.table());
    assertTrue(e.layout() < e.colorTransferLayout() / 10, e.table());
  }

  @Test
  void theBundledPix2PixModelReproducesItsMetricsOnFreshlyRenderedPairs() throws Exception {
    ModelFolder model = ModelFolder.open(Path.of("..", "models", "edges2scene", "1"));
    ModelCard card = model.card();
    assertEquals(dev.i2i.schemas.ModelKind.PIX2PIX, card.kind());
    String cmd = (String) card.training().get("datasetCommand");
    assertTrue(cmd.startsWith("i2i dataset edges2scenes "), cmd);
    Path data = tmp.resolve("edges2scenes");
    dev.i2i.trainer.data.PairedSeasonDataset.write(
        data,
        dev.i2i.trainer.data.PairedSeasonDataset.Kind.EDGES2SCENES,
        flag(cmd, "size"),
        flag(cmd, "train"),
        flag(cmd, "test"),
        flag(cmd, "seed"),
        n -> {});
    Evaluation e;
    try (OnnxTranslator t = OnnxTranslator.open(model, Device.CPU)) {
      e = Evaluator.evaluateTestSplit(t, data, false, n -> {});
    }
    Map<String, Double> m = card.metrics();
    assertEquals(m.get("psnr"), e.psnr(), 1e-3);
    assertEquals(m.get("ssim"), e.ssim(), 1e-4);
    assertEquals(m.get("l1"), e.l1(), 1e-4);
    assertEquals(m.get("identity_psnr"), e.identityPsnr(), 1e-6);
    assertEquals(m.get("layout_distance"), e.layout(), 1e-4);
    assertTrue(e.psnr() > e.identityPsnr() && e.ssim() > e.identitySsim(), e.table());
    assertTrue(e.l1() < e.identityL1(), e.table());
  }

  private static int flag(String command, String name) {
    Matcher m = Pattern.compile("--" + name + " (\\d+)").matcher(command);
    assertTrue(m.find(), "card's dataset command has --" + name + ": " + command);
    return Integer.parseInt(m.group(1));
  }
}
