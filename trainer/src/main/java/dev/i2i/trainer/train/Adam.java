package dev.i2i.trainer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam over a group of parameters, updating them in place (graphs share the arrays). Written out
 * rather than taken from ND4J's updaters so that its moments are plain named arrays a checkpoint
 * saves and restores exactly. Same formula as PyTorch's Adam.
 */
public final class Adam {
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final double beta1;
  private final Map<String, INDArray> m = new LinkedHashMap<>();
  private final Map<String, INDArray> v = new LinkedHashMap<>();
  private long t;

  public Adam(double beta1) {
    this.beta1 = beta1;
  }

  /** Applies one update with learning rate {@code lr} to every named parameter. */
  public void step(
      Map<String, INDArray> params, Map<String, INDArray> grads, List<String> names, double lr) {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = Math.sqrt(1 - Math.pow(BETA2, t));
    for (String name : names) {
      INDArray g = grads.get(name);
      if (g == null) {
        throw new IllegalStateException("no gradient for " + name);
      }
      INDArray p = params.get(name);
      INDArray mi = m.computeIfAbsent(name, n -> p.ulike().assign(0));
      INDArray vi = v.computeIfAbsent(name, n -> p.ulike().assign(0));
      // The same operations, in the same order, as m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
      // p -= lr / c1 * m / (sqrt(v) / c2 + eps); but one scratch array per parameter, closed here,
      // instead of four temporaries left to the garbage collector (up to 250 MB of native memory
      // a step at 128 px, ngf 64, waiting for the next collection).
      try (INDArray t = p.ulike()) {
        mi.muli(beta1).addi(t.assign(g).muli(1 - beta1));
        vi.muli(BETA2).addi(t.assign(g).muli(g).muli(1 - BETA2));
        Transforms.sqrt(t.assign(vi), false).divi(c2).addi(EPS);
        p.subi(t.rdivi(mi).muli(lr / c1));
      }
    }
  }

  public Map<String, INDArray> firstMoments() {
    return m;
  }

  public Map<String, INDArray> secondMoments() {
    return v;
  }

  public long steps() {
    return t;
  }

  public void setSteps(long steps) {
    this.t = steps;
  }
}
