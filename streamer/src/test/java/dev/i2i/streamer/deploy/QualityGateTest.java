package dev.i2i.streamer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import dev.i2i.streamer.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {
  static ModelCard card(Map<String, Double> metrics) throws Exception {
    return ModelCards.read(TestModels.BUNDLED.resolve(ModelCards.FILE_NAME)).withMetrics(metrics);
  }

  @Test
  void betterOrEqualPassesWorseIsNamed() throws Exception {
    ModelCard live = card(Map.of("psnr", 17.0, "ssim", 0.58));
    assertTrue(QualityGate.problems(card(Map.of("psnr", 17.5, "ssim", 0.58)), live, 0).isEmpty());
    List<String> p = QualityGate.problems(card(Map.of("psnr", 16.0, "ssim", 0.60)), live, 0);
    assertEquals(1, p.size());
    assertTrue(p.get(0).startsWith("psnr 16.0000 is lower"), p.get(0));
    assertTrue(
        QualityGate.problems(card(Map.of("psnr", 16.9, "ssim", 0.58)), live, 0.01).isEmpty(),
        "within 1 % tolerance");
  }

  @Test
  void lowerIsBetterForL1AndAnUnevaluatedCandidateFails() throws Exception {
    ModelCard live = card(Map.of("cycle_l1", 0.10));
    assertEquals(1, QualityGate.problems(card(Map.of("cycle_l1", 0.12)), live, 0).size());
    assertTrue(QualityGate.problems(card(Map.of("cycle_l1", 0.09)), live, 0).isEmpty());
    List<String> p = QualityGate.problems(card(Map.of()), live, 0);
    assertTrue(p.get(0).contains("no evaluation metrics"), p.get(0));
    assertTrue(QualityGate.problems(card(Map.of()), card(Map.of()), 0).isEmpty());
  }
}
