package dev.i2i.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.TinyRuns;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  @TempDir Path tmp;

  @Test
  void theSeasonWorldIsDeterministicPerSeed() throws IOException {
    SeasonDataset.write(tmp.resolve("a"), 32, 3, 2, 9, n -> {});
    SeasonDataset.write(tmp.resolve("b"), 32, 3, 2, 9, n -> {});
    SeasonDataset.write(tmp.resolve("c"), 32, 3, 2, 10, n -> {});
    for (String f : List.of("trainA/00000.png", "trainB/00002.png", "testA/00001.png")) {
      assertArrayEquals(
          Files.readAllBytes(tmp.resolve("a").resolve(f)),
          Files.readAllBytes(tmp.resolve("b").resolve(f)),
          f);
      assertFalse(
          java.util.Arrays.equals(
              Files.readAllBytes(tmp.resolve("a").resolve(f)),
              Files.readAllBytes(tmp.resolve("c").resolve(f))),
          "another seed, another world: " + f);
    }
  }

  @Test
  void testSetsArePairedByNameAndWinterIsNotJustAColourShift() throws IOException {
    Path d = tmp.resolve("d");
    SeasonDataset.write(d, 48, 2, 6, 4, n -> {});
    assertEquals(names(d.resolve("testA")), names(d.resolve("testB")));
    assertEquals(6, names(d.resolve("testA")).size());
    // Same scene in both looks: summer has green ground, winter white ground at the bottom row.
    BufferedImage summer = ImageIO.read(d.resolve("testA/00000.png").toFile());
    BufferedImage winter = ImageIO.read(d.resolve("testB/00000.png").toFile());
    int s = summer.getRGB(2, 47);
    int w = winter.getRGB(2, 47);
    assertTrue(((s >> 8) & 0xff) > ((s >> 16) & 0xff) + 20, "summer ground is green");
    assertTrue((w & 0xff) > 200 && ((w >> 16) & 0xff) > 200, "winter ground is snow");
    assertEquals("summer", DatasetInfo.readOrDefault(d).domainA());
  }

  @Test
  void anUnreadableImageIsNamedInTheError() throws IOException {
    Path data = TinyRuns.season(tmp.resolve("data"), 2);
    Path bad = data.resolve("trainB/00001.png");
    Files.writeString(bad, "not a png");
    UnpairedDataset ds = new UnpairedDataset(data, new Preprocess(32, 32, false), 1);
    IOException e = assertThrows(IOException.class, ds::validate);
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }

  @Test
  void anEmptyFolderIsNamedInTheError() throws IOException {
    Files.createDirectories(tmp.resolve("empty/trainA"));
    IOException e =
        assertThrows(
            IOException.class,
            () -> new UnpairedDataset(tmp.resolve("empty"), new Preprocess(32, 32, false), 1));
    assertTrue(
        e.getMessage().contains("empty" + java.io.File.separator + "trainA"), e.getMessage());
  }

  @Test
  void anImageSmallerThanTheCropIsNamedInTheError() throws IOException {
    Path data = TinyRuns.season(tmp.resolve("data"), 2);
    Path small = data.resolve("trainA/00000.png");
    ImageIO.write(new BufferedImage(20, 40, BufferedImage.TYPE_INT_RGB), "png", small.toFile());
    UnpairedDataset ds = new UnpairedDataset(data, new Preprocess(32, 32, false), 1);
    IOException e = assertThrows(IOException.class, ds::validate);
    assertEquals(small + " is 20x40, smaller than --crop-size 32", e.getMessage());
    assertThrows(
        UncheckedIOException.class,
        () -> {
          Files.writeString(small, "garbage");
          ds.batch(0, 2, new Rng(1));
        });
  }

  @Test
  void preprocessingCropsAndFlipsDeterministically() {
    BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff0000);
    Preprocess p = new Preprocess(40, 32, true);
    float[] x1 = p.apply(img, new Rng(3), "img");
    float[] x2 = p.apply(img, new Rng(3), "img");
    assertArrayEquals(x1, x2);
    assertEquals(3 * 32 * 32, x1.length);
    assertThrows(IllegalArgumentException.class, () -> new Preprocess(30, 32, false));
  }

  private static List<String> names(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
