package dev.i2i.runtime.image;

import dev.i2i.schemas.avro.FailureReason;
import java.awt.image.SampleModel;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * Bounds the memory a decoder may take, from what the file's header declares, before any pixel is
 * decoded. The pixel limit alone is not enough: a 200-byte TIFF of 16x16 pixels can declare
 * 2-gigapixel tiles, and the decoder allocates a tile buffer from that. Every image may use at most
 * {@value #BYTES_PER_PIXEL} bytes per allowed pixel, for its raster and for any one tile or strip.
 */
final class DecodeBudget {
  /** RGBA at 16 bits per sample: the richest image a translator can use. */
  static final int BYTES_PER_PIXEL = 8;

  private static final String TIFF_FORMAT = "com_sun_media_imageio_plugins_tiff_image_1.0";

  private final long maxBytes;

  DecodeBudget(long maxPixels) {
    this.maxBytes = maxPixels * BYTES_PER_PIXEL;
  }

  void check(ImageReader reader, String format, long w, long h) throws BadImageException {
    int bytesPerPixel = bytesPerPixel(reader);
    if (w * h * bytesPerPixel > maxBytes) {
      throw refuse(format + " raster of " + w + "x" + h + " at " + bytesPerPixel + " bytes/pixel");
    }
    if (format.equals("tiff")) {
      checkTiff(reader, w, h, bytesPerPixel);
    }
  }

  private static int bytesPerPixel(ImageReader reader) throws BadImageException {
    try {
      ImageTypeSpecifier type = reader.getRawImageType(0);
      if (type == null) {
        return 4;
      }
      SampleModel sm = type.getSampleModel();
      int bits = 0;
      for (int s : sm.getSampleSize()) {
        bits += s;
      }
      return Math.max(1, (bits + 7) / 8);
    } catch (IOException | RuntimeException e) {
      throw new BadImageException(
          FailureReason.NOT_AN_IMAGE, "its pixel layout cannot be read: " + e.getMessage(), e);
    }
  }

  /** Tiles and strips are decoded whole: each must fit the budget too. */
  private void checkTiff(ImageReader reader, long w, long h, int bytesPerPixel)
      throws BadImageException {
    Node ifd;
    try {
      IIOMetadata md = reader.getImageMetadata(0);
      if (md == null || !TIFF_FORMAT.equals(md.getNativeMetadataFormatName())) {
        return;
      }
      ifd = md.getAsTree(TIFF_FORMAT).getFirstChild();
    } catch (IOException | RuntimeException e) {
      throw new BadImageException(
          FailureReason.NOT_AN_IMAGE, "tiff tags cannot be read: " + e.getMessage(), e);
    }
    long tileW = tag(ifd, 322);
    long tileH = tag(ifd, 323);
    if (tileW > 0 || tileH > 0) {
      if (tileW * tileH * bytesPerPixel > maxBytes) {
        throw refuse("tiff tiles of " + tileW + "x" + tileH);
      }
    }
    long rows = tag(ifd, 278);
    if (rows > 0 && Math.min(rows, h) * w * bytesPerPixel > maxBytes) {
      throw refuse("tiff strips of " + w + "x" + Math.min(rows, h));
    }
  }

  private BadImageException refuse(String what) {
    return new BadImageException(
        FailureReason.TOO_MANY_PIXELS,
        String.format(
            "%s would need more than the %,d bytes an image may take to decode", what, maxBytes));
  }

  /** The first value of a TIFF tag, or -1 when absent. */
  private static long tag(Node ifd, int number) {
    for (Node f = ifd == null ? null : ifd.getFirstChild(); f != null; f = f.getNextSibling()) {
      Node n = f.getAttributes() == null ? null : f.getAttributes().getNamedItem("number");
      if (n != null && n.getNodeValue().equals(Integer.toString(number))) {
        Node values = f.getFirstChild();
        Node first = values == null ? null : values.getFirstChild();
        Node v = first == null ? null : first.getAttributes().getNamedItem("value");
        try {
          return v == null ? -1 : Long.parseLong(v.getNodeValue().trim());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
