package dev.i2i.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
  private static BufferedImage filled(int rgb) {
    BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(rgb));
    g.fillRect(0, 0, 32, 24);
    g.dispose();
    return img;
  }

  @Test
  void psnrOfAUniformErrorOfTenIsTwentyEightPointOneThree() {
    // MSE 100 on every channel: 10 * log10(255^2 / 100) = 28.1308 dB.
    assertEquals(28.1308, ImageMetrics.psnr(filled(0x000000), filled(0x0a0a0a)), 1e-4);
  }

  @Test
  void ssimIsOneForIdenticalImagesAndLowerForStructureChanges() {
    BufferedImage a = filled(0x336699);
    BufferedImage b = filled(0x336699);
    for (int y = 0; y < 24; y += 2) {
      for (int x = 0; x < 32; x++) {
        a.setRGB(x, y, 0xffffff);
      }
    }
    assertEquals(1.0, ImageMetrics.ssim(a, a), 1e-12);
    assertTrue(ImageMetrics.ssim(a, b) < 0.5, "stripes removed: " + ImageMetrics.ssim(a, b));
  }

  @Test
  void differentSizesAreRefused() {
    BufferedImage small = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    assertThrows(IllegalArgumentException.class, () -> ImageMetrics.psnr(small, filled(0)));
  }

  @Test
  void colourTransferMovesAnImageToTheTargetStatistics() {
    ColorTransfer ct = ColorTransfer.fit(List.of(filled(0xc8c8c8)));
    BufferedImage out = ct.apply(filled(0x204080));
    assertEquals(0xc8c8c8, out.getRGB(5, 5) & 0xffffff);
  }
}
