package dev.i2i.trainer.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the ResNet generator doubles H and W in its decoder. {@code DECONV} is the reference's
 * transposed convolution; {@code RESIZE} is nearest-neighbour upsampling followed by a 3x3 conv
 * (Odena et al., "Deconvolution and Checkerboard Artifacts", 2016), which cannot produce the
 * checkerboard patterns a transposed conv with stride 2 tends to make in short trainings.
 */
public enum Upsampling {
  DECONV,
  RESIZE;

  public static Upsampling parse(String name) {
    for (Upsampling u : values()) {
      if (u.name().equalsIgnoreCase(name)) {
        return u;
      }
    }
    throw new IllegalArgumentException(
        "unknown upsampling '"
            + name
            + "', expected one of "
            + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
