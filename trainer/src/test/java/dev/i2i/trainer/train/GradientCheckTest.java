package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.nn.Upsampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradients the trainer applies, against central differences of the whole training losses in
 * double precision: sampled elements of every parameter tensor of the generators for {@code loss_G}
 * and of the discriminators for {@code loss_D}, for tiny CycleGANs and Pix2Pix models of every
 * generator variant and upsampling mode.
 *
 * <p>The step is 1e-7: the losses have ReLU and |x| kinks, and instance norm over 4x4 maps makes
 * some of them sit within 1e-6 of the current weights, where a larger step measures the kink
 * instead of the slope (at 1e-7 and 1e-8 the differences agree with the analytic gradient to six
 * digits).
 */
class GradientCheckTest {
  static final double STEP = 1e-7;
  static final double TOLERANCE = 1e-4;
  static final int SAMPLES_PER_TENSOR = 2;
  private static DataType before;

  @BeforeAll
  static void doublePrecision() {
    before = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restore() {
    Nd4j.setDefaultDataTypes(before, before);
  }

  static INDArray image(int size) {
    return Nd4j.rand(DataType.DOUBLE, 1, 3, size, size).muli(2).subi(1);
  }

  /** Every sampled element whose analytic and numerical gradients part, described. */
  static List<String> check(
      Map<String, INDArray> params,
      Map<String, INDArray> analytic,
      List<String> names,
      DoubleSupplier loss,
      Random r) {
    List<String> bad = new ArrayList<>();
    for (String name : names) {
      INDArray p = params.get(name);
      INDArray g = analytic.get(name);
      long n = p.length();
      for (int s = 0; s < Math.min(SAMPLES_PER_TENSOR, n); s++) {
        long i = n <= SAMPLES_PER_TENSOR ? s : (long) (r.nextDouble() * n);
        double v = p.getDouble(i);
        p.putScalar(i, v + STEP);
        double up = loss.getAsDouble();
        p.putScalar(i, v - STEP);
        double down = loss.getAsDouble();
        p.putScalar(i, v);
        double numeric = (up - down) / (2 * STEP);
        double a = g.getDouble(i);
        double err = Math.abs(numeric - a) / Math.max(1e-3, Math.abs(numeric) + Math.abs(a));
        if (err > TOLERANCE) {
          bad.add(String.format("%s[%d]: analytic %.8g, numerical %.8g", name, i, a, numeric));
        }
      }
    }
    return bad;
  }

  @ParameterizedTest
  @CsvSource({
    "resnet_6blocks,TRANSPOSED,0,VANILLA",
    "resnet_6blocks,TRANSPOSED,0,LSGAN", // the reference's least squares
    "resnet_6blocks,TRANSPOSED,0,VANILLA_LSGAN", // the two mixed, as in the decay epochs
    "resnet_6blocks,RESIZE,0,VANILLA",
    "resnet_bn_6blocks,TRANSPOSED,0,VANILLA",
    "unet_3,TRANSPOSED,0,VANILLA",
    "resnet_6blocks,TRANSPOSED,1,VANILLA" // a second critic per domain (--n-layers-d2)
  })
  void cycleGanGradientsMatchCentralDifferences(
      String generator, Upsampling up, int secondD, GanLoss gan) {
    CycleGanOptions opt = TinyRuns.options(Path.of("-"), Path.of("-"), 1, 1, up, generator);
    opt.nLayersD2 = secondD;
    opt.ganMode = gan;
    CycleGanModel model = new CycleGanModel(opt, true);
    model.leastSquaresShare(0.3); // only VANILLA_LSGAN reads it
    if (secondD > 0) {
      assertTrue(model.discriminatorParamNames().contains("D_A/deep/c0/W"), "the second critic");
    }
    Random r = new Random(3);
    INDArray realA = image(16);
    INDArray realB = image(16);
    Map<String, INDArray> p = model.params().asMap();
    List<String> bad =
        check(
            p,
            model.generatorGradients(realA, realB),
            model.generatorParamNames(),
            () -> model.generatorLoss(realA, realB),
            r);
    INDArray fakeA = image(16);
    INDArray fakeB = image(16);
    bad.addAll(
        check(
            p,
            model.discriminatorGradients(realA, realB, fakeA, fakeB),
            model.discriminatorParamNames(),
            () -> model.discriminatorLoss(realA, realB, fakeA, fakeB),
            r));
    assertTrue(bad.isEmpty(), bad.size() + " wrong gradients:\n" + String.join("\n", bad));
  }

  @ParameterizedTest
  @CsvSource({"unet_3,TRANSPOSED", "unet_3,RESIZE", "resnet_6blocks,TRANSPOSED"})
  void pix2pixGradientsMatchCentralDifferences(String generator, Upsampling up) {
    Pix2PixModel model =
        new Pix2PixModel(TinyRuns.pix2pix(Path.of("-"), Path.of("-"), 1, 1, up, generator));
    Random r = new Random(4);
    INDArray realA = image(16);
    INDArray realB = image(16);
    Map<String, INDArray> feeds = model.generatorFeeds(realA, realB, new Rng(5));
    Map<String, INDArray> p = model.params().asMap();
    List<String> bad =
        check(
            p,
            model.generatorGradients(feeds),
            model.generatorParamNames(),
            () -> model.generatorLoss(feeds),
            r);
    INDArray fakeB = image(16);
    bad.addAll(
        check(
            p,
            model.discriminatorGradients(realA, realB, fakeB),
            model.discriminatorParamNames(),
            () -> model.discriminatorLoss(realA, realB, fakeB),
            r));
    assertTrue(bad.isEmpty(), bad.size() + " wrong gradients:\n" + String.join("\n", bad));
  }
}
