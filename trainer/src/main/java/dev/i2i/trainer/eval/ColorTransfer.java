package dev.i2i.trainer.eval;

import dev.i2i.runtime.ImageTensors;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

/**
 * The colour-transfer baseline: moves each channel of an image to the target domain's per-channel
 * mean and standard deviation (Reinhard-style, in RGB). A trained translator must beat it.
 */
public final class ColorTransfer {
  private final double[] mean;
  private final double[] std;

  private ColorTransfer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Learns the target statistics from a set of images of the target domain. */
  public static ColorTransfer fit(List<BufferedImage> target) {
    double[] sum = new double[3];
    double[] sq = new double[3];
    long n = 0;
    for (BufferedImage img : target) {
      for (int p : pixels(img)) {
        for (int c = 0; c < 3; c++) {
          double v = (p >> (16 - 8 * c)) & 0xff;
          sum[c] += v;
          sq[c] += v * v;
        }
        n++;
      }
    }
    double[] mean = new double[3];
    double[] std = new double[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = sum[c] / n;
      std[c] = Math.sqrt(Math.max(0, sq[c] / n - mean[c] * mean[c]));
    }
    return new ColorTransfer(mean, std);
  }

  public BufferedImage apply(BufferedImage src) {
    int[] p = pixels(src);
    double[] m = new double[3];
    double[] s = new double[3];
    for (int v : p) {
      for (int c = 0; c < 3; c++) {
        double x = (v >> (16 - 8 * c)) & 0xff;
        m[c] += x;
        s[c] += x * x;
      }
    }
    for (int c = 0; c < 3; c++) {
      m[c] /= p.length;
      s[c] = Math.sqrt(Math.max(1e-6, s[c] / p.length - m[c] * m[c]));
    }
    BufferedImage out =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    int[] o = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < p.length; i++) {
      int rgb = 0;
      for (int c = 0; c < 3; c++) {
        double x = (p[i] >> (16 - 8 * c)) & 0xff;
        long y = Math.round((x - m[c]) / s[c] * std[c] + mean[c]);
        rgb |= (int) Math.max(0, Math.min(255, y)) << (16 - 8 * c);
      }
      o[i] = rgb;
    }
    return out;
  }

  private static int[] pixels(BufferedImage img) {
    return ((DataBufferInt) ImageTensors.toRgb(img).getRaster().getDataBuffer()).getData();
  }
}
