package dev.i2i.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class PairedDatasetTest {
  @TempDir Path tmp;

  @Test
  void theSyntheticPairsAreDeterministicAlignedAndSplit() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    PairedSeasonDataset.write(a, PairedSeasonDataset.Kind.EDGES2SCENES, 32, 3, 2, 5, n -> {});
    PairedSeasonDataset.write(b, PairedSeasonDataset.Kind.EDGES2SCENES, 32, 3, 2, 5, n -> {});
    for (String split : new String[] {"train", "val", "test"}) {
      assertTrue(Files.isDirectory(a.resolve(split)), split);
    }
    assertEquals(3, PairedDataset.files(a.resolve("train")).size());
    assertEquals(1, PairedDataset.files(a.resolve("val")).size());
    Path f = a.resolve("train/00000.png");
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve("train/00000.png")));
    BufferedImage[] halves = PairedDataset.halves(f);
    assertEquals(32, halves[0].getWidth());
    // The edge half is black lines on white; the scene half is not.
    assertTrue(colours(halves[0]) == 2, "edge map colours: " + colours(halves[0]));
    assertTrue(colours(halves[1]) > 10);
    assertEquals("edges", DatasetInfo.readOrDefault(a).domainA());
  }

  static int colours(BufferedImage img) {
    java.util.Set<Integer> c = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        c.add(img.getRGB(x, y));
      }
    }
    return c.size();
  }

  @Test
  void bothHalvesGetTheSameCropAndFlipAndDirectionSwapsThem() throws Exception {
    Path d = tmp.resolve("d");
    PairedSeasonDataset.write(d, PairedSeasonDataset.Kind.SEASON_PAIRS, 32, 2, 1, 5, n -> {});
    Preprocess p = new Preprocess(40, 32, true);
    INDArray[] ab = new PairedDataset(d, p, true, 1).batch(0, 1, new Rng(9));
    INDArray[] ba = new PairedDataset(d, p, false, 1).batch(0, 1, new Rng(9));
    assertEquals(ab[0], ba[1]);
    assertEquals(ab[1], ba[0]);
  }

  @Test
  void malformedPairFilesAreRefusedByName() throws Exception {
    Path train = Files.createDirectories(tmp.resolve("bad/train"));
    ImageIO.write(
        new BufferedImage(65, 32, BufferedImage.TYPE_INT_RGB),
        "png",
        train.resolve("odd.png").toFile());
    IOException odd =
        assertThrows(IOException.class, () -> PairedDataset.halves(train.resolve("odd.png")));
    assertTrue(odd.getMessage().contains("odd.png is 65 pixels wide"), odd.getMessage());

    Files.writeString(train.resolve("notes.txt"), "hello");
    IOException text = assertThrows(IOException.class, () -> PairedDataset.files(train));
    assertTrue(text.getMessage().contains("notes.txt is not an image file"), text.getMessage());
    Files.delete(train.resolve("notes.txt"));

    Files.writeString(train.resolve("broken.png"), "not really a png");
    Files.delete(train.resolve("odd.png"));
    PairedDataset set =
        new PairedDataset(tmp.resolve("bad"), new Preprocess(16, 16, false), true, 1);
    IOException broken = assertThrows(IOException.class, set::validate);
    assertTrue(broken.getMessage().contains("broken.png"), broken.getMessage());

    IOException missing =
        assertThrows(
            IOException.class,
            () -> new PairedDataset(tmp.resolve("none"), new Preprocess(16, 16, false), true, 1));
    assertTrue(missing.getMessage().contains("train"), missing.getMessage());
  }
}
