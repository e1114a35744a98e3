package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightAverageTest {
  @Test
  void isTheDecayWeightedMeanOfEveryStepsWeights() {
    double decay = 0.9;
    double[] steps = {4, 0, 3, -1, 2.5, 7};
    INDArray w = Nd4j.scalar(0.0).reshape(1);
    WeightAverage avg = new WeightAverage(decay);
    for (int t = 1; t <= steps.length; t++) {
      w.assign(steps[t - 1]); // training moves the weights in place; the average is its own array
      avg.update(Map.of("w", w), List.of("w"), t);
      double sum = 0;
      double norm = 0;
      for (int i = 1; i <= t; i++) {
        sum += Math.pow(decay, t - i) * steps[i - 1];
        norm += Math.pow(decay, t - i);
      }
      assertEquals(sum / norm, avg.averages().get("w").getDouble(0), 1e-6, "after step " + t);
    }
  }

  @Test
  void followsOnlyTheNamedWeightsAndNothingWhenOff() {
    Map<String, INDArray> params = Map.of("g", Nd4j.ones(2), "d", Nd4j.ones(2));
    WeightAverage on = new WeightAverage(0.999);
    on.update(params, List.of("g"), 1);
    assertEquals(List.of("g"), List.copyOf(on.averages().keySet()));
    WeightAverage off = new WeightAverage(0);
    off.update(params, List.of("g"), 1);
    assertTrue(off.averages().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new WeightAverage(1));
  }
}
