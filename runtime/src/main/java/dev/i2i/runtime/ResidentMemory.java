package dev.i2i.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory (Linux {@code VmRSS}); native memory (ND4J's, ONNX Runtime's)
 * counts here.
 */
public final class ResidentMemory {
  private ResidentMemory() {}

  /** Resident memory in MB, or -1 where {@code /proc} is not available. */
  public static long megabytes() {
    return read("VmRSS:");
  }

  /** Peak resident memory in MB ({@code VmHWM}), or -1. */
  public static long peakMegabytes() {
    return read("VmHWM:");
  }

  /**
   * Starts the peak over from the current resident memory (Linux: {@code 5} to {@code
   * /proc/self/clear_refs}), so a benchmark can measure one phase's peak; false where that is not
   * possible.
   */
  public static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long read(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
