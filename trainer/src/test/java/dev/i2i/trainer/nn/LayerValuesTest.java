package dev.i2i.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks the hand-built layers against values worked out by hand on tiny tensors. */
class LayerValuesTest {

  private static INDArray run(
      java.util.function.Function<SDVariable, SDVariable> layer, INDArray x) {
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, -1, -1, -1);
    layer.apply(in).rename("out");
    return sd.outputSingle(Map.of("in", x), "out");
  }

  @Test
  void reflectionPadMirrorsWithoutRepeatingTheEdge() {
    // 1x1x3x3 with values 1..9; reflect pad 1 (as numpy.pad mode="reflect").
    INDArray x = Nd4j.linspace(DataType.FLOAT, 1, 9, 1).reshape(1, 1, 3, 3);
    INDArray y = run(in -> new SameDiffOps(in.getSameDiff(), new Params()).reflectPad(in, 1), x);
    float[] expected = {
      5, 4, 5, 6, 5,
      2, 1, 2, 3, 2,
      5, 4, 5, 6, 5,
      8, 7, 8, 9, 8,
      5, 4, 5, 6, 5
    };
    assertArrayEquals(new long[] {1, 1, 5, 5}, y.shape());
    assertArrayEquals(expected, y.data().asFloat(), 0f);
  }

  @Test
  void reflectionPadOfTwoOnANonSquareImage() {
    // One row 1..4 repeated over 3 rows: pad 2 along W gives 3 2 | 1 2 3 4 | 3 2.
    INDArray x = Nd4j.linspace(DataType.FLOAT, 1, 4, 1).reshape(1, 1, 1, 4).repeat(2, 3);
    INDArray y = run(in -> new SameDiffOps(in.getSameDiff(), new Params()).reflectPad(in, 2), x);
    assertArrayEquals(new long[] {1, 1, 7, 8}, y.shape());
    assertArrayEquals(
        new float[] {3, 2, 1, 2, 3, 4, 3, 2},
        y.get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(3),
                org.nd4j.linalg.indexing.NDArrayIndex.all())
            .toFloatVector(),
        0f);
  }

  @Test
  void instanceNormNormalisesEachChannelOfEachSample() {
    // Channel 0: 1,2,3,4 (mean 2.5, var 1.25); channel 1: constant 7 (var 0 -> zeros).
    INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 7, 7, 7, 7}, new long[] {1, 2, 2, 2});
    INDArray y = run(in -> new SameDiffOps(in.getSameDiff(), new Params()).instanceNorm(in, 2), x);
    double s = Math.sqrt(1.25 + SameDiffOps.EPS);
    float[] expected = {
      (float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s), 0, 0, 0, 0
    };
    assertArrayEquals(expected, y.data().asFloat(), 1e-6f);
  }

  @Test
  void reflectionPadGradientMatchesANumericalCheck() {
    // d/dx sum(w * pad(x)) for fixed random w: compare autodiff with central differences.
    SameDiff sd = SameDiff.create();
    INDArray x0 = Nd4j.rand(DataType.DOUBLE, 1, 1, 4, 5);
    INDArray w0 = Nd4j.rand(DataType.DOUBLE, 1, 1, 8, 9);
    SDVariable x = sd.var("x", x0.dup());
    SDVariable w = sd.constant("w", w0);
    new SameDiffOps(sd, new Params()).reflectPad(x, 2).mul(w).sum().rename("loss");
    sd.setLossVariables("loss");
    INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
    double h = 1e-6;
    for (int i = 0; i < x0.length(); i++) {
      INDArray plus = x0.dup();
      plus.putScalar(i, x0.getDouble(i) + h);
      INDArray minus = x0.dup();
      minus.putScalar(i, x0.getDouble(i) - h);
      double numeric = (padSum(plus, w0) - padSum(minus, w0)) / (2 * h);
      assertEquals(numeric, grad.getDouble(i), 1e-6, "gradient at " + i);
    }
  }

  private static double padSum(INDArray x, INDArray w) {
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.constant("x", x);
    new SameDiffOps(sd, new Params()).reflectPad(in, 2).mul(sd.constant("w", w)).sum().rename("s");
    return sd.outputSingle(Map.of(), "s").getDouble(0);
  }

  @Test
  void unknownGeneratorNameListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Generators.define("unet", 4, null, Upsampling.TRANSPOSED, true));
    assertEquals(
        "unknown generator 'unet', expected one of resnet_6blocks | resnet_9blocks |"
            + " resnet_bn_6blocks | unet_128 | unet_256 | unet_N (N 2-9)",
        e.getMessage());
  }
}
