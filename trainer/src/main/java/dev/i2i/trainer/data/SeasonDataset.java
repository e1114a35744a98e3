package dev.i2i.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;

/**
 * Writes the synthetic season world in the unpaired layout ({@code trainA/ trainB/ testA/ testB/}):
 * train summers and winters come from disjoint seeds, the test sets render the same seeds in both
 * looks under the same file names, which is the ground truth for evaluation.
 */
public final class SeasonDataset {
  private SeasonDataset() {}

  /**
   * Renders the dataset.
   *
   * @param progress called with the number of images written so far
   */
  public static void write(Path out, int size, int train, int test, long seed, IntConsumer progress)
      throws IOException {
    checkCounts(size, train, test);
    long base = seed * 1_000_000L;
    int done = 0;
    for (int i = 0; i < train; i++) {
      save(out.resolve("trainA"), i, base + i, Season.SUMMER, size);
      save(out.resolve("trainB"), i, base + train + i, Season.WINTER, size);
      progress.accept(done += 2);
    }
    for (int i = 0; i < test; i++) {
      long s = base + 2L * train + i;
      save(out.resolve("testA"), i, s, Season.SUMMER, size);
      save(out.resolve("testB"), i, s, Season.WINTER, size);
      progress.accept(done += 2);
    }
    DatasetInfo.write(out, new DatasetInfo("season", "summer", "winter", size, train, test, seed));
  }

  /** The size and counts every synthetic dataset needs. */
  static void checkCounts(int size, int train, int test) {
    if (size < 16 || train < 1 || test < 1) {
      throw new IllegalArgumentException(
          "need --size >= 16, --train >= 1 and --test >= 1, got "
              + size
              + ", "
              + train
              + ", "
              + test);
    }
  }

  private static void save(Path dir, int index, long sceneSeed, Season season, int size)
      throws IOException {
    Files.createDirectories(dir);
    SeasonScene scene = SeasonScene.fromSeed(sceneSeed);
    ImageIO.write(
        SeasonPainter.render(scene, season, size),
        "png",
        dir.resolve(String.format("%05d.png", index)).toFile());
  }
}
