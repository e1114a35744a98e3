package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import dev.i2i.trainer.nn.Upsampling;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A gradient pass through SameDiff's executor (the fallback of {@link CompiledGraph}) frees its
 * intermediates as it goes; SameDiff's own call keeps them all.
 */
class GradientsTest {
  private static final Path NONE = Path.of("-");

  @AfterEach
  void compiledAgain() {
    System.clearProperty("i2i.executor");
  }

  @Test
  void aGeneratorPassLeavesOnlyItsOutputsAndGradientsAllocated() {
    System.setProperty("i2i.executor", "samediff");
    CycleGanModel model =
        new CycleGanModel(TinyRuns.options(NONE, NONE, 1, 1, Upsampling.TRANSPOSED), true);
    INDArray a = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 32, 32);
    INDArray b = Nd4j.rand(Nd4j.defaultFloatingPointType(), 1, 3, 32, 32);
    Map<String, INDArray> grads = model.generatorGradients(a, b);
    assertEquals(model.generatorParamNames().size(), grads.size());

    long ours = 0;
    for (SameDiff half :
        List.of(graph(model, "generators from A"), graph(model, "generators from B"))) {
      ours += liveIntermediates(half);
    }
    // Each half hands back one gradient per generator parameter and a few images (its fake, the
    // gradient at its input, the output of tanh); nothing else stays allocated.
    long perHalf = 0;
    for (String n : model.generatorParamNames()) {
      perHalf += model.params().get(n).length() * 4;
    }
    perHalf += 4 * a.length() * 4 + 1024; // and a few scalar losses
    assertTrue(ours <= 2 * perHalf, ours + " bytes still allocated after the pass");

    // The same half through SameDiff's own call keeps every activation of the pass.
    SameDiff half = graph(model, "generators from A");
    half.calculateGradientsAndOutputs(
        Map.of("real_A", a), List.of("loss_half"), model.generatorParamNames());
    long theirs = liveIntermediates(half);
    assertTrue(theirs > 5 * perHalf, "SameDiff's own pass keeps " + theirs + " bytes");
  }

  private static SameDiff graph(CycleGanModel model, String name) {
    SameDiff sd = model.trainingGraphs().get(name);
    assertTrue(sd != null, "no graph " + name + " in " + model.trainingGraphs().keySet());
    return sd;
  }

  /** Bytes of the arrays the gradient graph's sessions still hold, parameters aside. */
  private static long liveIntermediates(SameDiff sd) {
    SameDiff grad = sd.getFunction("grad");
    long n = 0;
    for (var session : grad.getSessions().values()) {
      for (var e : session.getNodeValueOutputs().entrySet()) {
        INDArray arr = e.getValue() == null ? null : e.getValue().getTensorValue();
        String var = e.getKey().getVariable();
        boolean param =
            grad.hasVariable(var) && grad.getVariable(var).getVariableType() != VariableType.ARRAY;
        if (arr != null && !arr.wasClosed() && !arr.isEmpty() && !param) {
          n += arr.length() * arr.dataType().width();
        }
      }
    }
    return n;
  }
}
