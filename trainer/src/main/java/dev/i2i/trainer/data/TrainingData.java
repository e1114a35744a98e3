package dev.i2i.trainer.data;

import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A training set as the training loop sees it. */
public interface TrainingData {
  /** Checks every training file once, naming the first bad one. */
  void validate() throws IOException;

  int stepsPerEpoch(int batchSize);

  /** The batch for a global step; all randomness from {@code rng}. */
  INDArray[] batch(long step, int batchSize, Rng rng);

  /** A few fixed test (or training) inputs for the sample grids. */
  INDArray[] fixedSamples(int count) throws IOException;

  /** E.g. {@code 400+400 images}. */
  String describe();
}
