package dev.i2i.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LayoutColourTest {
  /** A w x h scene: sky of one grey above the horizon row, ground of another below. */
  private static BufferedImage scene(int w, int h, int horizon, int sky, int ground) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      int g = y < horizon ? sky : ground;
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, g << 16 | g << 8 | g);
      }
    }
    return img;
  }

  private static LayoutColour of(BufferedImage... images) {
    LayoutColour l = new LayoutColour();
    for (BufferedImage i : images) {
      l.add(i);
    }
    return l;
  }

  @Test
  void aSetIsAtNoDistanceFromItselfAndAColourCastIsItsSize() {
    LayoutColour a = of(scene(64, 64, 32, 200, 40), scene(64, 64, 32, 180, 60));
    assertEquals(0, a.distance(a), 1e-12);
    LayoutColour paler = of(scene(64, 64, 32, 210, 50), scene(64, 64, 32, 190, 70));
    assertEquals(10 / 255.0, a.distance(paler), 1e-12);
  }

  @Test
  void itSeesWhereColoursAreNotOnlyWhichColoursThereAre() {
    // The same two greys in the same amounts, sky and ground swapped: equal colour statistics.
    LayoutColour upright = of(scene(64, 64, 32, 200, 40));
    LayoutColour upsideDown = of(scene(64, 64, 32, 40, 200));
    assertEquals(160 / 255.0, upright.distance(upsideDown), 1e-12);
  }

  @Test
  void imagesOfEverySizeCompareCellByCell() {
    LayoutColour small = of(scene(64, 64, 32, 200, 40));
    assertEquals(0, small.distance(of(scene(256, 128, 64, 200, 40))), 1e-12);
    assertEquals(0, small.distance(of(scene(4, 2, 1, 200, 40))), 1e-12); // below the grid
    // 1x1 images: every cell is the one pixel; all sky and all ground average to 120 everywhere.
    LayoutColour dots = of(scene(1, 1, 1, 200, 40), scene(1, 1, 0, 200, 40));
    assertEquals(80 / 255.0, small.distance(dots), 1e-12);
    assertTrue(small.distance(of(scene(64, 64, 40, 200, 40))) > 0);
    assertThrows(IllegalStateException.class, () -> new LayoutColour().distance(small));
  }
}
