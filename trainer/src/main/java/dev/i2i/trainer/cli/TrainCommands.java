package dev.i2i.trainer.cli;

import dev.i2i.runtime.ResidentMemory;
import dev.i2i.trainer.train.TrainOptions;
import java.util.concurrent.Callable;

/** What every {@code i2i train} procedure prints around its training. */
final class TrainCommands {
  private TrainCommands() {}

  /** Prints the backend, trains, and prints where the results are; returns the exit code. */
  static int train(TrainOptions opt, Callable<?> training) throws Exception {
    System.out.println(Backend.describe());
    training.call();
    System.out.printf(
        "done: run folder %s (report.html, checkpoint, losses.csv, losses.png, samples/); "
            + "peak resident memory %d MB%n",
        opt.run, ResidentMemory.peakMegabytes());
    return 0;
  }
}
