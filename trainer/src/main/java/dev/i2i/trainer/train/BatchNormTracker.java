package dev.i2i.trainer.train;

import dev.i2i.trainer.nn.Params;
import dev.i2i.trainer.nn.SameDiffOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps batch norm's running statistics: they start at mean 0 and variance 1 and follow every
 * batch-norm application of a training step with momentum 0.1, as PyTorch's do. A generator applied
 * several times in one step (CycleGAN's cycles) updates them once per application, as in PyTorch.
 */
final class BatchNormTracker {
  private static final double MOMENTUM = 0.1;

  private final Params params;
  private final List<SameDiffOps.BatchStats> stats;

  BatchNormTracker(Params params, List<SameDiffOps.BatchStats> stats) {
    this.params = params;
    this.stats = List.copyOf(stats);
    for (SameDiffOps.BatchStats s : stats) {
      long channels = params.get(s.layer() + "/gamma").length();
      params.getOrCreate(s.layer() + Params.RUNNING_MEAN, channels);
      params.getOrCreate(s.layer() + Params.RUNNING_VAR, channels);
    }
  }

  /** The graph outputs a step must fetch. */
  List<String> outputs() {
    List<String> out = new ArrayList<>();
    for (SameDiffOps.BatchStats s : stats) {
      out.add(s.meanOutput());
      out.add(s.varOutput());
    }
    return out;
  }

  /** running = (1 - momentum) * running + momentum * batch, in place, for every application. */
  void follow(Map<String, INDArray> outputs) {
    for (SameDiffOps.BatchStats s : stats) {
      update(s.layer() + Params.RUNNING_MEAN, outputs.get(s.meanOutput()));
      update(s.layer() + Params.RUNNING_VAR, outputs.get(s.varOutput()));
    }
  }

  private void update(String name, INDArray batch) {
    params.get(name).muli(1 - MOMENTUM).addi(batch.reshape(-1).mul(MOMENTUM));
  }
}
