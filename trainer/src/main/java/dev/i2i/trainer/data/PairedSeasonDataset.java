package dev.i2i.trainer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;

/**
 * Writes paired data from the synthetic season world in the aligned layout ({@code train/ val/
 * test/} of side-by-side A|B images), for Pix2Pix: {@code season-pairs} puts a scene's summer look
 * next to its winter look, {@code edges2scenes} its edge map next to the summer scene. Every split
 * takes its own seeds.
 */
public final class PairedSeasonDataset {
  /** What the two halves are. */
  public enum Kind {
    SEASON_PAIRS("season-pairs", "summer", "winter"),
    EDGES2SCENES("edges2scenes", "edges", "scene");

    final String generator;
    final String domainA;
    final String domainB;

    Kind(String generator, String domainA, String domainB) {
      this.generator = generator;
      this.domainA = domainA;
      this.domainB = domainB;
    }
  }

  private PairedSeasonDataset() {}

  /**
   * Renders {@code train} pairs, {@code max(1, test/2)} validation pairs and {@code test} pairs.
   */
  public static void write(
      Path out, Kind kind, int size, int train, int test, long seed, IntConsumer progress)
      throws IOException {
    SeasonDataset.checkCounts(size, train, test);
    long base = seed * 1_000_000L + 500_000L; // seeds apart from the unpaired world's
    int val = Math.max(1, test / 2);
    int done = 0;
    String[] splits = {"train", "val", "test"};
    int[] counts = {train, val, test};
    long offset = 0;
    for (int s = 0; s < splits.length; s++) {
      Path dir = out.resolve(splits[s]);
      Files.createDirectories(dir);
      for (int i = 0; i < counts[s]; i++) {
        SeasonScene scene = SeasonScene.fromSeed(base + offset + i);
        ImageIO.write(
            pair(kind, scene, size), "png", dir.resolve(String.format("%05d.png", i)).toFile());
        progress.accept(++done);
      }
      offset += counts[s];
    }
    DatasetInfo.write(
        out, new DatasetInfo(kind.generator, kind.domainA, kind.domainB, size, train, test, seed));
  }

  static BufferedImage pair(Kind kind, SeasonScene scene, int size) {
    BufferedImage summer = SeasonPainter.render(scene, Season.SUMMER, size);
    BufferedImage a = kind == Kind.EDGES2SCENES ? Edges.of(summer) : summer;
    BufferedImage b =
        kind == Kind.EDGES2SCENES ? summer : SeasonPainter.render(scene, Season.WINTER, size);
    BufferedImage ab = new BufferedImage(2 * size, size, BufferedImage.TYPE_INT_RGB);
    var g = ab.createGraphics();
    g.drawImage(a, 0, 0, null);
    g.drawImage(b, size, 0, null);
    g.dispose();
    return ab;
  }
}
