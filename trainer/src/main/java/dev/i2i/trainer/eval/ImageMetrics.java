package dev.i2i.trainer.eval;

import dev.i2i.runtime.ImageTensors;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * PSNR and SSIM of 8-bit RGB images, as commonly reported for image translation: PSNR over all
 * channels with peak 255; SSIM (Wang et al. 2004) with an 11x11 Gaussian window (sigma 1.5), K1
 * 0.01, K2 0.03, averaged over the three channels.
 */
public final class ImageMetrics {
  private static final int WINDOW = 11;
  private static final double[] GAUSS = gaussian(WINDOW, 1.5);

  private ImageMetrics() {}

  public static double psnr(BufferedImage a, BufferedImage b) {
    int[] pa = pixels(a, b);
    int[] pb = pixels(b, a);
    double se = 0;
    for (int i = 0; i < pa.length; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        double d = ((pa[i] >> shift) & 0xff) - ((pb[i] >> shift) & 0xff);
        se += d * d;
      }
    }
    double mse = se / (3.0 * pa.length);
    return mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** Mean absolute difference over R, G and B, in [0,1] pixel units. */
  public static double l1(BufferedImage a, BufferedImage b) {
    int[] pa = pixels(a, b);
    int[] pb = pixels(b, a);
    double sum = 0;
    for (int i = 0; i < pa.length; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        sum += Math.abs(((pa[i] >> shift) & 0xff) - ((pb[i] >> shift) & 0xff));
      }
    }
    return sum / (3.0 * pa.length * 255.0);
  }

  public static double ssim(BufferedImage a, BufferedImage b) {
    int[] pa = pixels(a, b);
    int[] pb = pixels(b, a);
    int w = a.getWidth();
    int h = a.getHeight();
    double total = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      total += ssimChannel(channel(pa, shift), channel(pb, shift), w, h);
    }
    return total / 3;
  }

  private static double ssimChannel(double[] x, double[] y, int w, int h) {
    double c1 = Math.pow(0.01 * 255, 2);
    double c2 = Math.pow(0.03 * 255, 2);
    double[] mx = blur(x, w, h);
    double[] my = blur(y, w, h);
    double[] xx = blur(mul(x, x), w, h);
    double[] yy = blur(mul(y, y), w, h);
    double[] xy = blur(mul(x, y), w, h);
    int r = WINDOW / 2;
    double sum = 0;
    int n = 0;
    // Only windows that fit inside the image ("valid"), as in skimage and the original code.
    for (int j = r; j < h - r; j++) {
      for (int i = r; i < w - r; i++) {
        int k = j * w + i;
        double vx = xx[k] - mx[k] * mx[k];
        double vy = yy[k] - my[k] * my[k];
        double cov = xy[k] - mx[k] * my[k];
        sum +=
            ((2 * mx[k] * my[k] + c1) * (2 * cov + c2))
                / ((mx[k] * mx[k] + my[k] * my[k] + c1) * (vx + vy + c2));
        n++;
      }
    }
    return sum / n;
  }

  /** Separable Gaussian blur; borders are left unused by the caller. */
  private static double[] blur(double[] v, int w, int h) {
    double[] tmp = new double[v.length];
    double[] out = new double[v.length];
    int r = WINDOW / 2;
    for (int j = 0; j < h; j++) {
      for (int i = r; i < w - r; i++) {
        double s = 0;
        for (int k = -r; k <= r; k++) {
          s += GAUSS[k + r] * v[j * w + i + k];
        }
        tmp[j * w + i] = s;
      }
    }
    for (int j = r; j < h - r; j++) {
      for (int i = 0; i < w; i++) {
        double s = 0;
        for (int k = -r; k <= r; k++) {
          s += GAUSS[k + r] * tmp[(j + k) * w + i];
        }
        out[j * w + i] = s;
      }
    }
    return out;
  }

  private static double[] mul(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * b[i];
    }
    return out;
  }

  private static double[] channel(int[] p, int shift) {
    double[] c = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      c[i] = (p[i] >> shift) & 0xff;
    }
    return c;
  }

  private static double[] gaussian(int size, double sigma) {
    double[] g = new double[size];
    double sum = 0;
    for (int i = 0; i < size; i++) {
      double x = i - size / 2;
      g[i] = Math.exp(-x * x / (2 * sigma * sigma));
      sum += g[i];
    }
    for (int i = 0; i < size; i++) {
      g[i] /= sum;
    }
    return g;
  }

  private static int[] pixels(BufferedImage img, BufferedImage other) {
    if (img.getWidth() != other.getWidth() || img.getHeight() != other.getHeight()) {
      throw new IllegalArgumentException(
          "images differ in size: "
              + img.getWidth()
              + "x"
              + img.getHeight()
              + " vs "
              + other.getWidth()
              + "x"
              + other.getHeight());
    }
    if (img.getWidth() < WINDOW || img.getHeight() < WINDOW) {
      throw new IllegalArgumentException("images must be at least " + WINDOW + " px for SSIM");
    }
    return ((DataBufferInt) ImageTensors.toRgb(img).getRaster().getDataBuffer()).getData();
  }
}
