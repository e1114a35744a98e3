package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each GAN loss on known critic outputs, against its formula computed here by hand. */
class GanLossTest {
  private static final double[] OUT = {-2.5, -0.3, 0.0, 0.7, 3.1, 1.0};

  /** {@code gan}'s loss on {@link #OUT}; {@code share} feeds the mixed loss's placeholder. */
  private static double loss(GanLoss gan, boolean real, double share) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, OUT.length);
    sd.identity("loss", gan.of(x, real));
    Map<String, INDArray> feed = new HashMap<>();
    feed.put("x", Nd4j.createFromArray(OUT).castTo(DataType.FLOAT).reshape(1, OUT.length));
    if (sd.hasVariable(GanLoss.MIX)) {
      feed.put(GanLoss.MIX, Nd4j.scalar(sd.getVariable(GanLoss.MIX).dataType(), share));
    }
    return sd.output(feed, "loss").get("loss").getDouble(0);
  }

  private static double leastSquares(boolean real) {
    double s = 0;
    for (double o : OUT) {
      double d = o - (real ? 1 : 0);
      s += d * d;
    }
    return s / OUT.length;
  }

  private static double crossEntropy(boolean real) {
    double s = 0;
    for (double o : OUT) {
      double p = 1 / (1 + Math.exp(-o));
      s -= Math.log(real ? p : 1 - p);
    }
    return s / OUT.length;
  }

  @Test
  void leastSquaresAndCrossEntropyFollowTheirFormulas() {
    for (boolean real : new boolean[] {true, false}) {
      assertEquals(leastSquares(real), loss(GanLoss.LSGAN, real, 0), 1e-5);
      assertEquals(crossEntropy(real), loss(GanLoss.VANILLA, real, 0), 1e-5);
    }
  }

  @Test
  void theMixedLossWeighsCrossEntropyAndLeastSquaresByTheShare() {
    for (boolean real : new boolean[] {true, false}) {
      for (double w : new double[] {0, 0.3, 1}) {
        double expected = (1 - w) * crossEntropy(real) + w * leastSquares(real);
        assertEquals(expected, loss(GanLoss.VANILLA_LSGAN, real, w), 1e-5, "share " + w);
      }
    }
  }
}
