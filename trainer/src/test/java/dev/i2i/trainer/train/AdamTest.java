package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Adam's update against its formula (PyTorch's), and the gradients freed after it. */
class AdamTest {
  private static final int N = 257;

  @Test
  void threeStepsFollowTheFormulaAndLeaveTheGradientsAlone() {
    Random r = new Random(3);
    float[] p0 = random(r);
    INDArray p = Nd4j.createFromArray(p0.clone());
    Adam adam = new Adam(0.5);
    double[] ref = new double[N];
    double[] m = new double[N];
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      ref[i] = p0[i];
    }
    double lr = 2e-4;
    for (int t = 1; t <= 3; t++) {
      float[] g = random(r);
      INDArray grad = Nd4j.createFromArray(g.clone());
      adam.step(Map.of("w", p), Map.of("w", grad), List.of("w"), lr);
      assertArrayEquals(g, grad.toFloatVector(), "the gradient is not changed");
      double c1 = 1 - Math.pow(0.5, t);
      double c2 = Math.sqrt(1 - Math.pow(0.999, t));
      for (int i = 0; i < N; i++) {
        m[i] = 0.5 * m[i] + 0.5 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        ref[i] -= lr / c1 * m[i] / (Math.sqrt(v[i]) / c2 + 1e-8);
      }
      float[] got = p.toFloatVector();
      for (int i = 0; i < N; i++) {
        assertEquals(ref[i], got[i], 1e-6, "step " + t + ", element " + i);
      }
    }
    assertEquals(3, adam.steps());
    float[] first = adam.firstMoments().get("w").toFloatVector();
    for (int i = 0; i < N; i++) {
      assertEquals(m[i], first[i], 1e-6);
    }
  }

  @Test
  void freedGradientsAreClosedAndViewsAreLeftAlone() {
    INDArray whole = Nd4j.rand(4, 8);
    INDArray view = Nd4j.rand(4, 8).getRow(1);
    Gradients.free(Map.of("a", whole, "b", view));
    assertTrue(whole.wasClosed(), "a gradient of its own is freed");
    assertFalse(view.wasClosed(), "a view is not");
  }

  private static float[] random(Random r) {
    float[] a = new float[N];
    for (int i = 0; i < N; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
