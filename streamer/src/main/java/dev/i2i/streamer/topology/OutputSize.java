package dev.i2i.streamer.topology;

import dev.i2i.runtime.ImageTensors;
import java.awt.image.BufferedImage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's wish for a result size other than the input's: the attribute {@value #ATTRIBUTE}
 * (Avro) or the {@code i2i-output-size} header (raw), as {@code WIDTHxHEIGHT}.
 */
final class OutputSize {
  static final String ATTRIBUTE = "i2i.output-size";
  private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
  private static final int MAX_SIDE = 8192;

  private OutputSize() {}

  /** Parses WIDTHxHEIGHT; returns {width, height}. */
  static int[] parse(String size) {
    Matcher m = SIZE.matcher(size.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "output size '" + size + "' is not WIDTHxHEIGHT, e.g. 640x480");
    }
    int w = Integer.parseInt(m.group(1));
    int h = Integer.parseInt(m.group(2));
    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
      throw new IllegalArgumentException(
          "output size " + w + "x" + h + " must be between 1 and " + MAX_SIDE + " per side");
    }
    return new int[] {w, h};
  }

  static BufferedImage resize(BufferedImage image, int[] size) {
    return ImageTensors.resize(image, size[0], size[1]);
  }
}
