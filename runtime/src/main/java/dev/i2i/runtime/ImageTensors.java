package dev.i2i.runtime;

import com.twelvemonkeys.image.ResampleOp;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.WritableRaster;
import java.nio.FloatBuffer;

/**
 * Converts images to and from the contract's tensor layout (CHW planes, values in [-1,1]). Works on
 * the raster's int buffer, never per-pixel {@code getRGB} calls. Alpha is dropped (pixels are taken
 * as if composited over black), grayscale and palette images become RGB.
 */
public final class ImageTensors {
  private ImageTensors() {}

  /** Returns the image as {@code TYPE_INT_RGB}, converting only when needed. */
  public static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return rgb;
  }

  /**
   * Resizes to RGB: shrinking filters first (Lanczos, TwelveMonkeys' {@code ResampleOp}), so fine
   * detail does not alias into patterns as Java2D's bicubic does on large reductions; enlarging is
   * bicubic. Returns the (RGB) image itself when the size already matches.
   */
  public static BufferedImage resize(BufferedImage image, int width, int height) {
    BufferedImage rgb = toRgb(image);
    if (rgb.getWidth() == width && rgb.getHeight() == height) {
      return rgb;
    }
    if (width < rgb.getWidth() || height < rgb.getHeight()) {
      return toRgb(new ResampleOp(width, height, ResampleOp.FILTER_LANCZOS).filter(rgb, null));
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(rgb, 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  /** Writes the image as 3 planes (R, G, B) of H*W floats in [-1,1] into {@code out}. */
  public static void toChw(BufferedImage image, FloatBuffer out) {
    if (rgbBytesToChw(image, out)) {
      return;
    }
    int[] pixels = rgbPixels(image);
    int plane = pixels.length;
    int base = out.position();
    for (int i = 0; i < plane; i++) {
      int p = pixels[i];
      out.put(base + i, fromByte((p >> 16) & 0xff));
      out.put(base + plane + i, fromByte((p >> 8) & 0xff));
      out.put(base + 2 * plane + i, fromByte(p & 0xff));
    }
    out.position(base + 3 * plane);
  }

  /** Returns the image as a new CHW float array in [-1,1]. */
  public static float[] toChw(BufferedImage image) {
    float[] chw = new float[3 * image.getWidth() * image.getHeight()];
    toChw(image, FloatBuffer.wrap(chw));
    return chw;
  }

  /** Builds an RGB image from CHW planes in [-1,1] read from {@code in} at its position. */
  public static BufferedImage fromChw(FloatBuffer in, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    int plane = width * height;
    int base = in.position();
    for (int i = 0; i < plane; i++) {
      int r = toByte(in.get(base + i));
      int g = toByte(in.get(base + plane + i));
      int b = toByte(in.get(base + 2 * plane + i));
      pixels[i] = (r << 16) | (g << 8) | b;
    }
    in.position(base + 3 * plane);
    return image;
  }

  public static BufferedImage fromChw(float[] chw, int width, int height) {
    return fromChw(FloatBuffer.wrap(chw), width, height);
  }

  /** Maps a byte (0-255) to the tensor's [-1,1]; {@link #toByte} undoes it exactly. */
  private static float fromByte(int b) {
    return b / 127.5f - 1f;
  }

  /**
   * Maps a value in [-1,1] to a byte, clamping and rounding to nearest (halves up, NaN to 0):
   * exactly {@code Math.round} clamped, without its slow general path. {@code s + 0.5} is exact in
   * double for any float {@code s} in (0, 255), so truncating it is the floor {@code Math.round}
   * takes.
   */
  public static int toByte(float v) {
    float s = (v + 1f) * 127.5f;
    if (!(s > 0f)) {
      return 0;
    }
    return s >= 255f ? 255 : (int) (s + 0.5d);
  }

  /**
   * The decoders' usual output, 8-bit sRGB components interleaved in one byte array ({@code
   * TYPE_3BYTE_BGR}, or ImageIO's custom RGB): read in place, without the {@code TYPE_INT_RGB} copy
   * {@link #toRgb} would draw (a new image per request). Returns false, writing nothing, for any
   * other layout.
   */
  private static boolean rgbBytesToChw(BufferedImage image, FloatBuffer out) {
    if (!(image.getColorModel() instanceof ComponentColorModel cm)
        || cm.hasAlpha()
        || cm.getNumComponents() != 3
        || !cm.getColorSpace().isCS_sRGB()
        || cm.getTransferType() != DataBuffer.TYPE_BYTE
        || !(image.getRaster().getSampleModel() instanceof ComponentSampleModel sm)
        || !(image.getRaster().getDataBuffer() instanceof DataBufferByte db)
        || db.getNumBanks() != 1) {
      return false;
    }
    for (int bits : cm.getComponentSize()) {
      if (bits != 8) {
        return false;
      }
    }
    WritableRaster raster = image.getRaster();
    byte[] data = db.getData();
    int width = image.getWidth();
    int height = image.getHeight();
    int pixelStride = sm.getPixelStride();
    int scanline = sm.getScanlineStride();
    int[] band = sm.getBandOffsets();
    int start =
        db.getOffset()
            - raster.getSampleModelTranslateY() * scanline
            - raster.getSampleModelTranslateX() * pixelStride;
    int plane = width * height;
    int base = out.position();
    for (int y = 0; y < height; y++) {
      int p = start + y * scanline;
      int i = base + y * width;
      for (int x = 0; x < width; x++, p += pixelStride, i++) {
        out.put(i, fromByte(data[p + band[0]] & 0xff));
        out.put(i + plane, fromByte(data[p + band[1]] & 0xff));
        out.put(i + 2 * plane, fromByte(data[p + band[2]] & 0xff));
      }
    }
    out.position(base + 3 * plane);
    return true;
  }

  private static int[] rgbPixels(BufferedImage image) {
    BufferedImage rgb = toRgb(image);
    return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
  }
}
