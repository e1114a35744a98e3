package dev.i2i.trainer.train;

/** The settings every training procedure shares with the training loop. */
public interface LoopOptions {
  String data();

  String run();

  int batchSize();

  int nEpochs();

  int nEpochsDecay();

  double lr();

  long seed();

  int sampleEvery();

  int saveEvery();

  int printEvery();

  long maxSteps();

  /** The {@code i2i train ...} command that reproduces these options on {@code data}. */
  String command(String data);
}
