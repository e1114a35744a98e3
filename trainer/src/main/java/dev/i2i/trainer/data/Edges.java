package dev.i2i.trainer.data;

import java.awt.image.BufferedImage;

/**
 * An edge map as the edges-to-photo datasets have: dark lines where the image's brightness changes
 * sharply (Sobel magnitude over a threshold), on white.
 */
public final class Edges {
  static final double THRESHOLD = 0.18;

  private Edges() {}

  public static BufferedImage of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    double[] lum = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        lum[y * w + x] =
            (0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255)) / 255;
      }
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double gx =
            at(lum, w, h, x + 1, y - 1)
                + 2 * at(lum, w, h, x + 1, y)
                + at(lum, w, h, x + 1, y + 1)
                - at(lum, w, h, x - 1, y - 1)
                - 2 * at(lum, w, h, x - 1, y)
                - at(lum, w, h, x - 1, y + 1);
        double gy =
            at(lum, w, h, x - 1, y + 1)
                + 2 * at(lum, w, h, x, y + 1)
                + at(lum, w, h, x + 1, y + 1)
                - at(lum, w, h, x - 1, y - 1)
                - 2 * at(lum, w, h, x, y - 1)
                - at(lum, w, h, x + 1, y - 1);
        boolean edge = Math.hypot(gx, gy) / 4 > THRESHOLD;
        out.setRGB(x, y, edge ? 0x000000 : 0xFFFFFF);
      }
    }
    return out;
  }

  private static double at(double[] lum, int w, int h, int x, int y) {
    int cx = Math.max(0, Math.min(w - 1, x));
    int cy = Math.max(0, Math.min(h - 1, y));
    return lum[cy * w + cx];
  }
}
