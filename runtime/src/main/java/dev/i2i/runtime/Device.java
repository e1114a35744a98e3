package dev.i2i.runtime;

import java.util.Arrays;
import java.util.Locale;

/** Where ONNX Runtime runs a model: CPU, CUDA (fail if unavailable) or AUTO (CUDA, else CPU). */
public enum Device {
  CPU,
  CUDA,
  AUTO;

  public static Device parse(String name) {
    for (Device d : values()) {
      if (d.name().equalsIgnoreCase(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown device '"
            + name
            + "', expected one of "
            + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }
}
