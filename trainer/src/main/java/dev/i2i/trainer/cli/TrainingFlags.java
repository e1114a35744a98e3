package dev.i2i.trainer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags every {@code i2i train} procedure shares; defaults are the reference code's. */
final class TrainingFlags {
  @Option(
      names = "--run",
      required = true,
      description = "Run folder (resumes if it has a checkpoint).")
  Path run;

  @Option(names = "--ngf", defaultValue = "64")
  int ngf;

  @Option(
      names = "--upsampling",
      defaultValue = "transposed",
      description =
          "transposed (the reference's transposed conv, aligned as PyTorch's) | resize (nearest +"
              + " conv, no checkerboard artifacts) | deconv (the transposed conv of earlier i2i"
              + " runs, one pixel off per upsampling; kept for them) (${DEFAULT-VALUE}).")
  String upsampling;

  @Option(names = "--ndf", defaultValue = "64")
  int ndf;

  @Option(names = "--n-layers-d", defaultValue = "3")
  int nLayersD;

  @Option(names = "--load-size", defaultValue = "286")
  int loadSize;

  @Option(names = "--crop-size", defaultValue = "256")
  int cropSize;

  @Option(names = "--no-flip", description = "Do not flip images at random.")
  boolean noFlip;

  @Option(names = "--batch-size", defaultValue = "1")
  int batchSize;

  @Option(names = "--n-epochs", defaultValue = "100", description = "Epochs at the initial rate.")
  int nEpochs;

  @Option(
      names = "--n-epochs-decay",
      defaultValue = "100",
      description = "Epochs of linear decay to 0.")
  int nEpochsDecay;

  @Option(names = "--lr", defaultValue = "0.0002")
  double lr;

  @Option(names = "--beta1", defaultValue = "0.5")
  double beta1;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(
      names = "--sample-every",
      defaultValue = "200",
      description = "Sample grid every N steps (0: end only).")
  int sampleEvery;

  @Option(
      names = "--save-every",
      defaultValue = "500",
      description = "Checkpoint every N steps (and at the end).")
  int saveEvery;

  @Option(
      names = "--print-every",
      defaultValue = "10",
      description = "Progress line every N steps when not on a terminal.")
  int printEvery;

  @Option(
      names = "--max-steps",
      defaultValue = "0",
      description = "Stop after this global step (0: run the schedule).")
  long maxSteps;

  /** Prints the backend, trains, and prints where the results are. */
  void train(java.util.concurrent.Callable<?> training) throws Exception {
    System.out.println(Backend.describe());
    training.call();
    System.out.printf(
        "done: run folder %s (report.html, checkpoint, losses.csv, losses.png, samples/); "
            + "peak resident memory %d MB%n",
        run, dev.i2i.runtime.ResidentMemory.peakMegabytes());
  }
}
