package dev.i2i.trainer.cli;

import dev.i2i.trainer.data.PairedSeasonDataset;
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
  @Parameters(
      index = "0",
      description =
          "season (unpaired summer/winter: trainA/ trainB/ testA/ testB/), season-pairs "
              + "(summer|winter pairs) or edges2scenes (edge map|scene pairs): train/ val/ test/.")
  String generator;

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
    season,
    season_pairs,
    edges2scenes;

    static Generator parse(String s) {
      return valueOf(s.replace('-', '_'));
    }
  }

  @Override
  public Integer call() throws Exception {
    Generator g;
    try {
      g = Generator.parse(generator);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown dataset '" + generator + "', expected season, season-pairs or edges2scenes");
    }
    if (g == Generator.season) {
      int total = 2 * (train + test);
      var progress = new dev.i2i.cli.Progress(System.out, "dataset", 0, total, 100);
      SeasonDataset.write(out, size, train, test, seed, n -> progress.update(n, ""));
      System.out.printf(
          "wrote %d summer/winter images of %dx%d to %s "
              + "(trainA/trainB unpaired, testA/testB paired by file name)%n",
          total, size, size, out);
      return 0;
    }
    var kind =
        g == Generator.edges2scenes
            ? PairedSeasonDataset.Kind.EDGES2SCENES
            : PairedSeasonDataset.Kind.SEASON_PAIRS;
    int total = train + Math.max(1, test / 2) + test;
    var progress = new dev.i2i.cli.Progress(System.out, "dataset", 0, total, 100);
    PairedSeasonDataset.write(out, kind, size, train, test, seed, n -> progress.update(n, ""));
    System.out.printf(
        "wrote %d side-by-side %dx%d A|B pairs to %s (train/ val/ test/)%n",
        total, 2 * size, size, out);
    return 0;
  }
}
