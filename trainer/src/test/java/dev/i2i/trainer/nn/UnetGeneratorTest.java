package dev.i2i.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UnetGeneratorTest {
  /**
   * Builds G in inference mode on {@code params}; returns the graph with input "in", output "out".
   */
  static SameDiff graph(Generator g, Params params) {
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3, -1, -1);
    g.build(new SameDiffOps(sd, params, false), in, "G").rename("out");
    return sd;
  }

  @ParameterizedTest
  @CsvSource({"unet_128,1,128,128", "unet_128,2,128,256", "unet_3,2,32,16", "unet_5,1,64,32"})
  void outputHasTheInputShapeAndRange(String name, int n, int h, int w) {
    SameDiff sd = graph(Generators.define(name, 4, null, Upsampling.DECONV, true), new Params());
    INDArray x = Nd4j.rand(DataType.FLOAT, n, 3, h, w).muli(2).subi(1);
    INDArray y = sd.outputSingle(Map.of("in", x), "out");
    assertArrayEquals(new long[] {n, 3, h, w}, y.shape());
    assertTrue(y.maxNumber().doubleValue() <= 1 && y.minNumber().doubleValue() >= -1);
  }

  /** Records every layer's output shape, for the per-layer check below. */
  static final class ShapeOps implements GraphOps<long[]> {
    final List<String> layers = new ArrayList<>();

    long[] log(String what, long[] s) {
      layers.add(what + " " + s[1] + "x" + s[2] + "x" + s[3]);
      return s;
    }

    @Override
    public long[] conv(long[] x, String name, int in, int out, int k, int stride, int pad) {
      assertEquals(in, x[1], name);
      long h = (x[2] + 2L * pad - k) / stride + 1;
      long w = (x[3] + 2L * pad - k) / stride + 1;
      return log(name, new long[] {x[0], out, h, w});
    }

    @Override
    public long[] deconv(long[] x, String name, int in, int out, boolean aligned) {
      assertEquals(in, x[1], name);
      return log(name, new long[] {x[0], out, 2 * x[2], 2 * x[3]});
    }

    @Override
    public long[] upsample(long[] x) {
      return new long[] {x[0], x[1], 2 * x[2], 2 * x[3]};
    }

    @Override
    public long[] reflectPad(long[] x, int pad) {
      return new long[] {x[0], x[1], x[2] + 2 * pad, x[3] + 2 * pad};
    }

    @Override
    public long[] instanceNorm(long[] x, int channels) {
      return x;
    }

    @Override
    public long[] relu(long[] x) {
      return x;
    }

    @Override
    public long[] leakyRelu(long[] x, double alpha) {
      return x;
    }

    @Override
    public long[] tanh(long[] x) {
      return x;
    }

    @Override
    public long[] add(long[] a, long[] b) {
      return a;
    }

    @Override
    public long[] concat(long[] a, long[] b) {
      assertEquals(a[2], b[2]);
      assertEquals(a[3], b[3]);
      return log("concat", new long[] {a[0], a[1] + b[1], a[2], a[3]});
    }

    @Override
    public long[] batchNorm(long[] x, String name, int channels) {
      assertEquals(channels, x[1], name);
      return x;
    }

    @Override
    public long[] dropout(long[] x, String name, int channels, int downscale) {
      return log(name, x);
    }
  }

  @Test
  void everyLayerOfUnet128HasTheReferenceShape() {
    ShapeOps ops = new ShapeOps();
    long[] out =
        Generators.define("unet_128", 64, null, Upsampling.DECONV, true)
            .build(ops, new long[] {1, 3, 128, 128}, "G");
    assertArrayEquals(new long[] {1, 3, 128, 128}, out);
    assertEquals(
        List.of(
            "G/l0/down 64x64x64",
            "G/l1/down 128x32x32",
            "G/l2/down 256x16x16",
            "G/l3/down 512x8x8",
            "G/l4/down 512x4x4",
            "G/l5/down 512x2x2",
            "G/l6/down 512x1x1",
            "G/l6/up 512x2x2",
            "concat 1024x2x2",
            "G/l5/up 512x4x4",
            "G/l5/dropout 512x4x4",
            "concat 1024x4x4",
            "G/l4/up 512x8x8",
            "G/l4/dropout 512x8x8",
            "concat 1024x8x8",
            "G/l3/up 256x16x16",
            "concat 512x16x16",
            "G/l2/up 128x32x32",
            "concat 256x32x32",
            "G/l1/up 64x64x64",
            "concat 128x64x64",
            "G/l0/up 3x128x128"),
        ops.layers);
  }

  @Test
  void aShallowUnetKeepsDropoutOnItsDeepestSkippedDecoderLayer() {
    ShapeOps ops = new ShapeOps();
    new UnetGenerator(3, 8, Upsampling.RESIZE).build(ops, new long[] {2, 3, 32, 32}, "G");
    assertTrue(ops.layers.contains("G/l1/dropout 8x16x16"), ops.layers.toString());
    assertEquals(8, new UnetGenerator(3, 8, null).inputMultiple());
    assertThrows(
        IllegalArgumentException.class, () -> Generators.define("unet_64", 8, null, null, true));
  }

  @Test
  void everySkipConnectionCarriesTheEncoderToTheDecoder() {
    // Cutting the network below level k (zeroing level k's encoder conv) leaves only the skips
    // above it: the output must still change with the input at every k, down to k = 1.
    UnetGenerator g = new UnetGenerator(5, 4, Upsampling.DECONV);
    INDArray x1 = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32).muli(2).subi(1);
    INDArray x2 = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32).muli(2).subi(1);
    for (int k = 4; k >= 1; k--) {
      Params params = new Params();
      SameDiff sd = graph(g, params);
      for (int cut = k; cut < 5; cut++) {
        params.get("G/l" + cut + "/down/W").assign(0);
        params.get("G/l" + cut + "/down/b").assign(0);
      }
      INDArray y1 = sd.outputSingle(Map.of("in", x1), "out");
      INDArray y2 = sd.outputSingle(Map.of("in", x2), "out");
      double diff = y1.sub(y2).norm1Number().doubleValue();
      assertTrue(diff > 1e-3, "below level " + k + " cut, output no longer depends on input");
    }
    // Control: cutting level 0 as well leaves no path from input to output.
    Params params = new Params();
    SameDiff sd = graph(g, params);
    for (int cut = 0; cut < 5; cut++) {
      params.get("G/l" + cut + "/down/W").assign(0);
      params.get("G/l" + cut + "/down/b").assign(0);
    }
    INDArray y1 = sd.outputSingle(Map.of("in", x1), "out");
    INDArray y2 = sd.outputSingle(Map.of("in", x2), "out");
    assertEquals(0, y1.sub(y2).norm1Number().doubleValue(), 1e-6);
  }
}
