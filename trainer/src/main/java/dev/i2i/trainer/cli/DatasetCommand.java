package dev.i2i.trainer.cli;

import dev.i2i.trainer.data.SeasonDataset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code i2i dataset season}: renders the synthetic season world. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Generate a synthetic dataset (no download needed).")
final class DatasetCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Generator: ${COMPLETION-CANDIDATES}")
  Generator generator;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(
      names = "--size",
      defaultValue = "64",
      description = "Image side in pixels (${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--train",
      defaultValue = "200",
      description = "Training images per domain (${DEFAULT-VALUE}).")
  int train;

  @Option(
      names = "--test",
      defaultValue = "50",
      description = "Test images per domain (${DEFAULT-VALUE}).")
  int test;

  @Option(names = "--seed", defaultValue = "1", description = "World seed (${DEFAULT-VALUE}).")
  long seed;

  enum Generator {
    season
  }

  @Override
  public Integer call() throws Exception {
    int total = 2 * (train + test);
    var progress = new dev.i2i.runtime.Progress(System.out, "dataset", 0, total, 100);
    SeasonDataset.write(out, size, train, test, seed, n -> progress.update(n, ""));
    System.out.printf(
        "wrote %d summer/winter images of %dx%d to %s "
            + "(trainA/trainB unpaired, testA/testB paired by file name)%n",
        total, size, size, out);
    return 0;
  }
}
