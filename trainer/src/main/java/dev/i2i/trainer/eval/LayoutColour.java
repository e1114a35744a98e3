package dev.i2i.trainer.eval;

import dev.i2i.runtime.ImageTensors;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * The mean colour of each cell of an 8x8 grid laid over the images of a set, averaged over the set:
 * where a domain keeps its colours (a grey winter sky on top, snow below). The distance between a
 * model's outputs and the target domain's own images needs no pairs, so it can rank training runs
 * on unpaired data; on the season benchmark it puts the runs mostly in the order of their paired
 * test PSNR (see the README), because what sets a weak run apart there is a colour cast over whole
 * regions, such as a pale sky.
 */
public final class LayoutColour {
  static final int GRID = 8;

  private final double[] sum = new double[GRID * GRID * 3];
  private int images;

  /**
   * Adds one image: each cell's mean colour, in [0, 1]. Cells of an image narrower or lower than
   * the grid take the pixel they fall on.
   */
  public void add(BufferedImage image) {
    BufferedImage rgb = ImageTensors.toRgb(image);
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] p = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    for (int cy = 0; cy < GRID; cy++) {
      for (int cx = 0; cx < GRID; cx++) {
        int y0 = cy * h / GRID;
        int y1 = Math.max(y0 + 1, (cy + 1) * h / GRID);
        int x0 = cx * w / GRID;
        int x1 = Math.max(x0 + 1, (cx + 1) * w / GRID);
        double[] c = new double[3];
        for (int y = y0; y < y1; y++) {
          for (int x = x0; x < x1; x++) {
            int v = p[y * w + x];
            c[0] += (v >> 16) & 0xff;
            c[1] += (v >> 8) & 0xff;
            c[2] += v & 0xff;
          }
        }
        double n = 255.0 * (y1 - y0) * (x1 - x0);
        for (int k = 0; k < 3; k++) {
          sum[(cy * GRID + cx) * 3 + k] += c[k] / n;
        }
      }
    }
    images++;
  }

  /** Root mean square difference of the two sets' cell colours, in [0, 1] pixel units. */
  public double distance(LayoutColour other) {
    if (images == 0 || other.images == 0) {
      throw new IllegalStateException("layout colour of an empty set");
    }
    double sq = 0;
    for (int i = 0; i < sum.length; i++) {
      double d = sum[i] / images - other.sum[i] / other.images;
      sq += d * d;
    }
    return Math.sqrt(sq / sum.length);
  }
}
