package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TilingTest {
  static BufferedImage noise(int w, int h, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return img;
  }

  @Test
  void tilesCoverTheImageAndBlendingIdenticalOutputsChangesNoPixel() throws Exception {
    Tiling tiling = new Tiling(32, 8);
    for (int[] size : new int[][] {{100, 70}, {33, 200}, {1, 90}, {32, 32}, {64, 40}}) {
      BufferedImage in = noise(size[0], size[1], size[0]);
      AtomicInteger calls = new AtomicInteger();
      BufferedImage out =
          tiling.translate(
              in,
              tile -> {
                assertTrue(tile.getWidth() <= 32 && tile.getHeight() <= 32, "a tile at most 32");
                calls.incrementAndGet();
                return tile;
              });
      int[] a = in.getRGB(0, 0, size[0], size[1], null, 0, size[0]);
      int[] b = out.getRGB(0, 0, size[0], size[1], null, 0, size[0]);
      assertArrayEquals(a, b, size[0] + "x" + size[1]);
      int expected = tiling.starts(size[0]).length * tiling.starts(size[1]).length;
      assertEquals(expected, calls.get());
    }
  }

  @Test
  void tileStartsStepByTileMinusOverlapAndTheLastIsFlushWithTheEdge() {
    Tiling t = new Tiling(100, 20);
    assertArrayEquals(new int[] {0}, t.starts(100));
    assertArrayEquals(new int[] {0, 80, 101}, t.starts(201));
    assertArrayEquals(new int[] {0, 80, 160}, t.starts(260));
  }

  @Test
  void seamsAreRampsNotSteps() throws Exception {
    // Each tile comes back as one flat grey, different per tile: across an overlap the result
    // must move in small steps from one grey to the next, never jump.
    Tiling tiling = new Tiling(64, 30);
    AtomicInteger n = new AtomicInteger();
    BufferedImage out =
        tiling.translate(
            noise(160, 20, 1),
            tile -> {
              int g = 40 + 80 * n.getAndIncrement();
              BufferedImage flat =
                  new BufferedImage(tile.getWidth(), tile.getHeight(), BufferedImage.TYPE_INT_RGB);
              for (int y = 0; y < tile.getHeight(); y++) {
                for (int x = 0; x < tile.getWidth(); x++) {
                  flat.setRGB(x, y, g << 16 | g << 8 | g);
                }
              }
              return flat;
            });
    for (int x = 1; x < 160; x++) {
      int step = Math.abs((out.getRGB(x, 10) & 0xff) - (out.getRGB(x - 1, 10) & 0xff));
      assertTrue(
          step <= 8, // a hard seam would be a step of 80
          "a step of " + step + " at x=" + x);
    }
  }

  @Test
  void theBundledModelTiledIsCloseToItWhole() throws Exception {
    Path model = Path.of("..", "models", "summer2winter", "1");
    BufferedImage in =
        ImageTensors.resize(
            javax.imageio.ImageIO.read(Path.of("..", "samples", "summer-7-256x256.png").toFile()),
            384,
            320);
    try (OnnxTranslator t = OnnxTranslator.open(ModelFolder.open(model), Device.CPU)) {
      BufferedImage whole = t.translate(in);
      // Tiles of 256 with 64 of overlap: 4 tiles. Measured 32.7 dB (the models bundled before:
      // 32.9 and 32.3 dB, and with the older one tiles of 192 gave 25.4 dB, of 128 20.3 dB:
      // instance normalisation sees each tile's own statistics).
      BufferedImage tiled = new Tiling(256, 64).translate(in, t::translate);
      double psnr = psnr(whole, tiled);
      System.out.printf("tiled (256, overlap 64) vs whole at 384x320: PSNR %.1f dB%n", psnr);
      assertTrue(psnr > 30, "tiled vs whole PSNR " + psnr);
    }
  }

  static double psnr(BufferedImage a, BufferedImage b) {
    double se = 0;
    int n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          double d = ((p >> s) & 0xff) - ((q >> s) & 0xff);
          se += d * d;
          n++;
        }
      }
    }
    return 10 * Math.log10(255.0 * 255.0 / (se / n));
  }

  @Test
  void aBadTilingSaysWhatIsAllowed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Tiling(64, 32));
    assertTrue(e.getMessage().contains("under half the tile"), e.getMessage());
  }
}
