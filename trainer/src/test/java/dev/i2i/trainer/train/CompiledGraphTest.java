package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.nn.Upsampling;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The compiled gradient pass gives SameDiff's own executor's outputs and gradients, for every
 * generator variant, upsampling mode and graph layout, and frees all it allocates but the outputs.
 */
class CompiledGraphTest {
  private static final Path NONE = Path.of("-");

  @BeforeEach
  void compiled() {
    System.setProperty("i2i.executor", "compiled"); // also for the large models' graph layout
  }

  @AfterEach
  void automatic() {
    System.clearProperty("i2i.executor");
  }

  @ParameterizedTest
  @CsvSource({
    "resnet_6blocks,TRANSPOSED,false",
    "resnet_6blocks,RESIZE,false",
    "resnet_6blocks,TRANSPOSED,true",
    "resnet_bn_6blocks,TRANSPOSED,false",
    "resnet_6blocks,DECONV,false",
    "unet_3,TRANSPOSED,false"
  })
  void cycleGanGradientsEqualSameDiffs(String generator, Upsampling up, boolean halves) {
    CycleGanModel model =
        new CycleGanModel(TinyRuns.options(NONE, NONE, 1, 1, up, generator), halves);
    INDArray a = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16).muli(2).subi(1);
    INDArray b = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16).muli(2).subi(1);
    INDArray fa = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16);
    INDArray fb = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16);
    assertSame(() -> model.generatorGradients(a, b));
    assertSame(() -> model.discriminatorGradients(a, b, fa, fb));
  }

  @Test
  void pix2pixGradientsEqualSameDiffs() {
    pix2pixPasses(1);
  }

  @Test
  void pix2pixReusedBuffersChangeNothing() {
    ArrayPool poisoned = new ArrayPool(0, true);
    ArrayPool before = CompiledGraph.usePool(poisoned);
    try {
      pix2pixPasses(2);
      assertTrue(poisoned.counts()[0] > 0, "nothing reused");
    } finally {
      CompiledGraph.usePool(before);
    }
  }

  private static void pix2pixPasses(int runs) {
    Pix2PixModel model =
        new Pix2PixModel(TinyRuns.pix2pix(NONE, NONE, 1, 1, Upsampling.TRANSPOSED));
    INDArray a = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16);
    INDArray b = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16);
    Map<String, INDArray> feeds = model.generatorFeeds(a, b, new Rng(5));
    for (int run = 0; run < runs; run++) {
      assertSame(() -> model.generatorGradients(feeds));
      assertSame(() -> model.discriminatorGradients(a, b, b.mul(0.5)));
    }
  }

  /**
   * With every array pooled and each buffer filled with NaN before it is handed out again, the
   * passes still give SameDiff's results: no op reads its output before writing all of it.
   */
  @ParameterizedTest
  @CsvSource({
    "resnet_6blocks,TRANSPOSED,false",
    "resnet_6blocks,RESIZE,true",
    "resnet_bn_6blocks,TRANSPOSED,false",
    "unet_3,TRANSPOSED,false"
  })
  void reusedBuffersChangeNothing(String generator, Upsampling up, boolean halves) {
    ArrayPool poisoned = new ArrayPool(0, true);
    ArrayPool before = CompiledGraph.usePool(poisoned);
    try {
      CycleGanModel model =
          new CycleGanModel(TinyRuns.options(NONE, NONE, 1, 1, up, generator), halves);
      INDArray a = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16).muli(2).subi(1);
      INDArray b = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16).muli(2).subi(1);
      INDArray fa = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16);
      for (int run = 0; run < 2; run++) { // the second run finds the first's buffers
        assertSame(() -> model.generatorGradients(a, b));
        assertSame(() -> model.discriminatorGradients(a, b, fa, fa));
      }
      long[] counts = poisoned.counts();
      assertTrue(counts[0] > counts[1], counts[0] + " reused, " + counts[1] + " new");
    } finally {
      CompiledGraph.usePool(before);
    }
  }

  @Test
  void aCompiledPassClosesEveryArrayItAllocatedButItsOutputs() {
    CycleGanModel model =
        new CycleGanModel(TinyRuns.options(NONE, NONE, 1, 1, Upsampling.TRANSPOSED), false);
    INDArray a = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 16, 16);
    Map<String, INDArray> grads = model.generatorGradients(a, a);
    SameDiff generators = model.trainingGraphs().get("generators");
    List<CompiledGraph> runs = Gradients.compiledRunsOf(generators);
    assertEquals(1, runs.size(), "one compiled run of the generators' pass");
    CompiledGraph g = runs.get(0);
    // What stays open: one gradient per parameter and the requested losses and images (at most a
    // dozen); everything else the ops allocated was closed during the pass.
    int open = g.allocatedPerRun() - g.closedLastRun();
    assertTrue(g.allocatedPerRun() > 500, g.allocatedPerRun() + " arrays allocated");
    assertTrue(open <= grads.size() + 12, open + " of " + g.allocatedPerRun() + " left open");
    for (INDArray grad : grads.values()) {
      assertFalse(grad.wasClosed());
    }
  }

  /** Runs {@code pass} compiled, then with SameDiff's executor, and compares every array. */
  private static void assertSame(Supplier<Map<String, INDArray>> pass) {
    long before = Gradients.COMPILED_PASSES.get();
    Map<String, INDArray> compiled = pass.get();
    assertTrue(Gradients.COMPILED_PASSES.get() > before, "the compiled runner did not run");
    System.setProperty("i2i.executor", "samediff");
    Map<String, INDArray> samediff = pass.get();
    System.setProperty("i2i.executor", "compiled");
    assertEquals(samediff.keySet(), compiled.keySet());
    for (var e : samediff.entrySet()) {
      INDArray want = e.getValue();
      INDArray got = compiled.get(e.getKey());
      double scale = Math.max(1e-6, want.amaxNumber().doubleValue());
      double diff = want.sub(got).amaxNumber().doubleValue();
      assertTrue(diff <= 1e-5 * scale, e.getKey() + ": differs by " + diff + " of " + scale);
    }
  }
}
