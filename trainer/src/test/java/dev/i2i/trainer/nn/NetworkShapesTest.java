package dev.i2i.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkShapesTest {

  @ParameterizedTest
  @CsvSource({
    "1,32,32,DECONV",
    "2,48,40,DECONV",
    "1,64,36,DECONV",
    "2,48,40,RESIZE",
    "1,32,44,RESIZE"
  })
  void generatorKeepsTheInputSizeAndRange(int n, int h, int w, Upsampling upsampling) {
    SameDiff sd = SameDiff.create();
    SameDiffOps ops = new SameDiffOps(sd, new Params());
    SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3, -1, -1);
    GeneratorSpec spec = new GeneratorSpec(GeneratorKind.RESNET_6BLOCKS, 4, 2, upsampling);
    SDVariable out = ResnetGenerator.build(ops, in, spec, "G").rename("out");
    INDArray y = sd.outputSingle(Map.of("in", Nd4j.rand(DataType.FLOAT, n, 3, h, w)), "out");
    assertArrayEquals(new long[] {n, 3, h, w}, y.shape());
    assertTrue(y.maxNumber().doubleValue() <= 1 && y.minNumber().doubleValue() >= -1);
  }

  @ParameterizedTest
  @CsvSource({"32,2", "64,6", "128,14"})
  void patchDiscriminatorGivesOnePatchGridPerImage(int size, int expected) {
    SameDiff sd = SameDiff.create();
    SameDiffOps ops = new SameDiffOps(sd, new Params());
    SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3, -1, -1);
    PatchDiscriminator.build(ops, in, 3, 4, 3, "D").rename("out");
    INDArray y = sd.outputSingle(Map.of("in", Nd4j.rand(DataType.FLOAT, 2, 3, size, size)), "out");
    assertArrayEquals(new long[] {2, 1, expected, expected}, y.shape());
  }

  @ParameterizedTest
  @CsvSource({"1", "2", "3", "4"})
  void theSmallestInputOfADiscriminatorGivesOneLogit(int layers) {
    int smallest = PatchDiscriminator.smallestInput(layers);
    SameDiff sd = SameDiff.create();
    SameDiffOps ops = new SameDiffOps(sd, new Params());
    SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3, -1, -1);
    PatchDiscriminator.build(ops, in, 3, 4, layers, "D").rename("out");
    INDArray y =
        sd.outputSingle(Map.of("in", Nd4j.rand(DataType.FLOAT, 1, 3, smallest, smallest)), "out");
    assertArrayEquals(new long[] {1, 1, 1, 1}, y.shape());
    int smaller = smallest - 2; // the next even side: the last conv has nothing left to judge
    INDArray none =
        sd.outputSingle(Map.of("in", Nd4j.rand(DataType.FLOAT, 1, 3, smaller, smaller)), "out");
    assertEquals(0, none.length(), "an empty grid, whose loss means nothing: refused by options");
  }

  @ParameterizedTest
  @CsvSource({"1,32,32", "2,48,40", "1,64,36"})
  void theBatchNormVariantKeepsTheInputSizeInTrainingAndInference(int n, int h, int w) {
    GeneratorSpec spec =
        new GeneratorSpec(GeneratorKind.RESNET_BN_6BLOCKS, 4, 2, Upsampling.DECONV);
    Params params = new Params();
    for (boolean training : new boolean[] {true, false}) {
      SameDiff sd = SameDiff.create();
      SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3, -1, -1);
      ResnetGenerator.build(new SameDiffOps(sd, params, training), in, spec, "G").rename("out");
      INDArray y = sd.outputSingle(Map.of("in", Nd4j.rand(DataType.FLOAT, n, 3, h, w)), "out");
      assertArrayEquals(new long[] {n, 3, h, w}, y.shape());
    }
    assertTrue(params.contains("G/res0/conv1/bn/running_var"));
  }

  @ParameterizedTest
  @CsvSource({"resnet_6blocks,6", "RESNET_9BLOCKS,9", "resnet_bn_6blocks,6"})
  void resnetsAreDefinedByNameWithTheirBlocks(String name, int blocks) {
    Generator g = Generators.define(name, 4, null, Upsampling.TRANSPOSED, false);
    assertEquals(blocks, ((GeneratorSpec) g).blocks());
    assertEquals(name.toLowerCase(java.util.Locale.ROOT), g.architecture());
  }

  @ParameterizedTest
  @CsvSource({"unet_128,7", "UNET_256,8", "unet_5,5"})
  void unetsAreDefinedByNameWithTheirDepth(String name, int depth) {
    UnetGenerator u = (UnetGenerator) Generators.define(name, 4, null, Upsampling.RESIZE, false);
    assertEquals(depth, u.depth());
    assertFalse(u.dropoutAt(depth - 2), "no dropout asked for, none anywhere");
    assertThrows(
        IllegalArgumentException.class,
        () -> Generators.define(name, 4, 3, Upsampling.RESIZE, false),
        "--blocks is for ResNets");
  }
}
