package dev.i2i.streamer;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images made in code for tests: any size and format, plus broken ones. */
public final class TestImages {
  private TestImages() {}

  public static BufferedImage scene(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(60 + seed % 100, 120, 200));
    g.fillRect(0, 0, w, h / 2);
    g.setColor(new Color(70, 130 + seed % 90, 50));
    g.fillRect(0, h / 2, w, h - h / 2);
    g.dispose();
    return img;
  }

  /** A black-on-white line drawing, like the edge maps the Pix2Pix model was trained on. */
  public static BufferedImage edges(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.drawLine(0, h / 2 + seed % 7, w, h / 2 - seed % 5); // horizon
    g.drawOval(w / 4, h / 5, w / 5, h / 4); // a tree crown
    g.drawLine(w / 3, h / 2, w / 2, h / 6); // a mountain side
    g.dispose();
    return img;
  }

  /** Encodes with ImageIO: png, jpeg, bmp, gif, tiff. */
  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] png(int w, int h) {
    return encode(scene(w, h, w + h), "png");
  }

  public static byte[] truncated(byte[] image) {
    return Arrays.copyOf(image, image.length / 2);
  }

  /** A valid PNG signature and IHDR declaring w x h pixels, followed by no pixel data. */
  public static byte[] pngHeaderOnly(int w, int h) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(ihdr);
      d.writeBytes("IHDR");
      d.writeInt(w);
      d.writeInt(h);
      d.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB
      byte[] chunk = ihdr.toByteArray();
      out.writeInt(13);
      out.write(chunk);
      CRC32 crc = new CRC32();
      crc.update(chunk);
      out.writeInt((int) crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
