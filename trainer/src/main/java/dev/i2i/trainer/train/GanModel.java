package dev.i2i.trainer.train;

import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.nn.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the training loop and checkpoints need from a GAN procedure (CycleGAN, Pix2Pix). */
public interface GanModel {
  /**
   * One training step on a batch from its {@link dev.i2i.trainer.data.TrainingData}; returns every
   * loss.
   */
  Losses step(INDArray[] batch, double lr, Rng rng);

  /** Every array a checkpoint must keep: weights and running statistics. */
  Params params();

  /** The optimizers by name (their moments and step counts are checkpointed). */
  Map<String, Adam> optimizers();

  /** The image pools by name (empty when the procedure has none). */
  Map<String, ImagePool> pools();

  /**
   * Writes the sample grids for fixed inputs (from {@link
   * dev.i2i.trainer.data.TrainingData#fixedSamples}).
   */
  void writeSamples(INDArray[] fixed, Path dir, String name) throws IOException;

  /** The usual pair of optimizers, named as checkpoints store them. */
  static Map<String, Adam> generatorAndDiscriminator(Adam g, Adam d) {
    Map<String, Adam> m = new java.util.LinkedHashMap<>();
    m.put("adamG", g);
    m.put("adamD", d);
    return m;
  }

  /** The names of the generators' trainable weights (what {@link WeightAverage} follows). */
  List<String> generatorParamNames();

  /** Generator parameters, for the banner. */
  long generatorParameters();

  /** The SameDiff graphs one step runs, by name (profiling listens to them). */
  Map<String, org.nd4j.autodiff.samediff.SameDiff> trainingGraphs();
}
