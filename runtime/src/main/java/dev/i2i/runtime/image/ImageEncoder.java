package dev.i2i.runtime.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes results as PNG (lossless, the default) or JPEG. */
public enum ImageEncoder {
  PNG("png", "image/png"),
  JPEG("jpeg", "image/jpeg");

  private final String format;
  private final String contentType;

  ImageEncoder(String format, String contentType) {
    this.format = format;
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return this == PNG ? "png" : "jpg";
  }

  public byte[] encode(BufferedImage image) {
    if (this == PNG) {
      return PngWriter.write(image);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight());
    // In memory: ImageIO's own stream for an OutputStream goes through a temporary file.
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(image, format, stream)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static ImageEncoder parse(String name) {
    for (ImageEncoder e : values()) {
      if (e.name().equalsIgnoreCase(name) || e.extension().equalsIgnoreCase(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown output format '" + name + "', expected png or jpeg");
  }
}
