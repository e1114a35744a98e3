package dev.i2i.runtime;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Translates an image larger than a tile in overlapping tiles and blends the seams, so a 4096x4096
 * photo needs the network's memory for one tile, not for the whole image. Tiles are {@code tile}
 * pixels square (smaller only where the image is), step {@code tile - overlap} apart, the last row
 * and column flush with the image's edge. Inside each overlap the two tiles' outputs are mixed with
 * weights that ramp linearly across it, so no seam is a hard edge. Rows of tiles are blended in a
 * band one tile high, so besides the output only {@code 4 x width x tile} floats are held.
 *
 * <p>A generator with instance normalisation sees each tile's own statistics, so a tiled result is
 * close to, not equal to, the whole-image one; larger tiles bring it closer.
 *
 * @param tile tile side in pixels; images with both sides at most this run whole
 * @param overlap pixels adjacent tiles share
 */
public record Tiling(int tile, int overlap) {
  /** Whole images up to 1024x1024, tiles of 1024 with 64 pixels of overlap above. */
  public static final Tiling DEFAULT = new Tiling(1024, 64);

  /** Translates one image (of any size the caller accepts), keeping its size. */
  @FunctionalInterface
  public interface Translate {
    BufferedImage apply(BufferedImage image) throws Exception;
  }

  public Tiling {
    if (tile < 16 || overlap < 0 || 2 * overlap >= tile) {
      throw new IllegalArgumentException(
          "the tile size must be >= 16 and the overlap >= 0 and under half the tile, got tile "
              + tile
              + ", overlap "
              + overlap);
    }
  }

  /** True when the image is translated in tiles rather than whole. */
  public boolean tiles(int width, int height) {
    return width > tile || height > tile;
  }

  /** Pixels of the largest input the network sees for an image of this size. */
  public long largestInput(int width, int height) {
    return (long) Math.min(width, tile) * Math.min(height, tile);
  }

  public BufferedImage translate(BufferedImage image, Translate translate) throws Exception {
    int w = image.getWidth();
    int h = image.getHeight();
    if (!tiles(w, h)) {
      return translate.apply(image);
    }
    int[] source =
        ((DataBufferInt) ImageTensors.toRgb(image).getRaster().getDataBuffer()).getData();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] result = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    int[] xs = starts(w);
    int[] ys = starts(h);
    int th = Math.min(tile, h);
    // The band: weighted sums of the rows [bandTop, bandTop + th) for every column.
    float[] sum = new float[3 * w * th];
    float[] weight = new float[w * th];
    int bandTop = 0;
    for (int row = 0; row < ys.length; row++) {
      int y0 = ys[row];
      int shift = y0 - bandTop; // rows before y0 are final: write them out, slide the band
      flush(sum, weight, result, w, th, bandTop, shift);
      slide(sum, weight, w, th, shift);
      bandTop = y0;
      for (int col = 0; col < xs.length; col++) {
        int x0 = xs[col];
        int tw = Math.min(tile, w);
        BufferedImage piece = translate.apply(crop(source, w, x0, y0, tw, th));
        int[] px =
            ((DataBufferInt) ImageTensors.toRgb(piece).getRaster().getDataBuffer()).getData();
        for (int y = 0; y < th; y++) {
          float wy = ramp(y, th, row > 0, row < ys.length - 1);
          for (int x = 0; x < tw; x++) {
            float wgt = wy * ramp(x, tw, col > 0, col < xs.length - 1);
            int p = px[y * tw + x];
            int at = y * w + x0 + x;
            sum[3 * at] += wgt * ((p >> 16) & 0xff);
            sum[3 * at + 1] += wgt * ((p >> 8) & 0xff);
            sum[3 * at + 2] += wgt * (p & 0xff);
            weight[at] += wgt;
          }
        }
      }
    }
    flush(sum, weight, result, w, th, bandTop, th);
    return out;
  }

  /** Where tiles start along a side: every {@code tile - overlap}, the last flush with the end. */
  int[] starts(int side) {
    if (side <= tile) {
      return new int[] {0};
    }
    int step = tile - overlap;
    int n = (side - tile + step - 1) / step + 1;
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.min(i * step, side - tile);
    }
    return s;
  }

  /**
   * A tile's weight at {@code i} of {@code n}: 1 inside, ramping down to near 0 across the overlap
   * on each side that has a neighbour (never 0, so every pixel has weight).
   */
  private float ramp(int i, int n, boolean before, boolean after) {
    float r = 1f;
    if (overlap > 0 && before && i < overlap) {
      r = Math.min(r, (i + 0.5f) / overlap);
    }
    if (overlap > 0 && after && i >= n - overlap) {
      r = Math.min(r, (n - i - 0.5f) / overlap);
    }
    return r;
  }

  private static void flush(
      float[] sum, float[] weight, int[] result, int w, int th, int bandTop, int rows) {
    for (int y = 0; y < Math.min(rows, th); y++) {
      for (int x = 0; x < w; x++) {
        int at = y * w + x;
        float k = weight[at];
        int r = Math.round(sum[3 * at] / k);
        int g = Math.round(sum[3 * at + 1] / k);
        int b = Math.round(sum[3 * at + 2] / k);
        result[(bandTop + y) * w + x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
      }
    }
  }

  private static void slide(float[] sum, float[] weight, int w, int th, int shift) {
    if (shift <= 0) {
      return;
    }
    int keep = th - shift;
    System.arraycopy(sum, 3 * shift * w, sum, 0, 3 * keep * w);
    System.arraycopy(weight, shift * w, weight, 0, keep * w);
    java.util.Arrays.fill(sum, 3 * keep * w, sum.length, 0f);
    java.util.Arrays.fill(weight, keep * w, weight.length, 0f);
  }

  /** A copy of a region (a sub-image would share, and expose, the whole raster). */
  private static BufferedImage crop(int[] source, int w, int x0, int y0, int tw, int th) {
    BufferedImage piece = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) piece.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < th; y++) {
      System.arraycopy(source, (y0 + y) * w + x0, px, y * tw, tw);
    }
    return piece;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
