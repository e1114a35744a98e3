package dev.i2i.runtime.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.i2i.schemas.avro.FailureReason;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes request images safely: the format is sniffed from the bytes, the size is read from the
 * header and checked against the pixel limit <em>before</em> any pixel is decoded (so a
 * decompression bomb costs nothing), and a truncated file is reported as such rather than decoded
 * into grey.
 */
public final class ImageDecoder {
  /** Formats served, by ImageIO format name (WebP and TIFF come from TwelveMonkeys' plugins). */
  public static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif", "webp", "tiff");

  /** File name endings of those formats, for listing image folders. */
  public static final List<String> FILE_EXTENSIONS =
      List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff");

  /** True when a file name ends in one of {@link #FILE_EXTENSIONS} (any case). */
  public static boolean isImageName(String fileName) {
    String n = fileName.toLowerCase(java.util.Locale.ROOT);
    return FILE_EXTENSIONS.stream().anyMatch(n::endsWith);
  }

  private final long maxPixels;
  private final DecodeBudget budget;

  public ImageDecoder(long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("max pixels must be positive, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
    this.budget = new DecodeBudget(maxPixels);
  }

  /** A decoded image and the format it came in. */
  public record Decoded(BufferedImage image, String format) {}

  public Decoded decode(byte[] bytes) throws BadImageException {
    if (bytes == null || bytes.length == 0) {
      throw new BadImageException(FailureReason.EMPTY_VALUE, "the record has no bytes");
    }
    // Read from the bytes where they are: ImageIO's stream for an InputStream copies it into a
    // temporary file (one per request, and none at all where the temp folder is not writable).
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      ImageReader reader = supportedReader(in, bytes);
      try {
        reader.setInput(in, true, true);
        String format = formatName(reader);
        long w;
        long h;
        try {
          w = reader.getWidth(0);
          h = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
          throw new BadImageException(
              FailureReason.TRUNCATED_IMAGE,
              format + " header cannot be read (" + e.getMessage() + ")",
              e);
        }
        if (w < 1 || h < 1) {
          throw new BadImageException(
              FailureReason.IMAGE_TOO_SMALL,
              format + " header declares " + w + "x" + h + ": an image with no pixels");
        }
        if (w * h > maxPixels) {
          throw new BadImageException(
              FailureReason.TOO_MANY_PIXELS,
              String.format(
                  "%s header declares %dx%d = %,d pixels, over the limit of %,d",
                  format, w, h, w * h, maxPixels));
        }
        budget.check(reader, format, w, h);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((src, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
          image = reader.read(0);
        } catch (IOException | RuntimeException e) {
          FailureReason reason =
              isTruncation(e) ? FailureReason.TRUNCATED_IMAGE : FailureReason.NOT_AN_IMAGE;
          throw new BadImageException(reason, format + " data cannot be decoded: " + message(e), e);
        }
        if (!warnings.isEmpty()) {
          throw new BadImageException(
              FailureReason.TRUNCATED_IMAGE,
              format + " data is incomplete: " + String.join("; ", warnings));
        }
        return new Decoded(image, format);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new BadImageException(FailureReason.NOT_AN_IMAGE, "cannot read the bytes: " + e, e);
    }
  }

  private static ImageReader supportedReader(ImageInputStream in, byte[] bytes)
      throws BadImageException {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    while (readers.hasNext()) {
      ImageReader r = readers.next();
      if (FORMATS.contains(formatName(r))) {
        return r;
      }
    }
    String known = KnownFormats.sniff(bytes);
    if (known != null) {
      throw new BadImageException(
          FailureReason.UNSUPPORTED_FORMAT, known + " is not supported; send one of " + FORMATS);
    }
    throw new BadImageException(
        FailureReason.NOT_AN_IMAGE,
        "the bytes are not an image in any of "
            + FORMATS
            + " (starts with "
            + KnownFormats.hexPrefix(bytes)
            + ")");
  }

  private static String formatName(ImageReader r) {
    try {
      String n = r.getFormatName().toLowerCase(Locale.ROOT);
      return n.equals("jpg") ? "jpeg" : (n.equals("tif") ? "tiff" : n);
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static boolean isTruncation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof EOFException
          || m.contains("end of")
          || m.contains("premature")
          || m.contains("truncated")
          || m.contains("eof")) {
        return true;
      }
    }
    return false;
  }

  private static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root == e
        ? String.valueOf(e.getMessage())
        : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
