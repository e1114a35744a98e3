package dev.i2i.trainer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** Says which ND4J backend is loaded (CPU build and extension, or CUDA). */
final class Backend {
  private Backend() {}

  static String describe() {
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    String extension = System.getProperty("javacpp.platform.extension", "");
    return String.format(
        "ND4J backend %s (%s%s), %s threads, blas %s",
        Nd4j.getBackend().getClass().getSimpleName(),
        env.getOrDefault("backend", "?"),
        extension.isEmpty() ? "" : ", native build " + extension.substring(1),
        env.getOrDefault("omp.threads", "?"),
        env.getOrDefault("blas.vendor", "?"));
  }

  /**
   * The CPU and the widest vector instructions its kernels can use, e.g. {@code AMD EPYC, AVX2}.
   * oneDNN and ND4J pick their kernels by it, and a GAN run amplifies their last-digit differences:
   * one seed's run is the same again on this machine, another course on a CPU that differs here.
   */
  static String cpu() {
    try {
      List<String> info = Files.readAllLines(Path.of("/proc/cpuinfo"));
      String flags = " " + field(info, "flags") + " ";
      String isa =
          flags.contains(" avx512f ")
              ? "AVX-512"
              : flags.contains(" avx2 ") ? "AVX2" : "without AVX2";
      return field(info, "model name") + ", " + isa;
    } catch (IOException | RuntimeException e) { // not Linux
      return System.getProperty("os.arch") + " CPU";
    }
  }

  private static String field(List<String> cpuinfo, String name) {
    return cpuinfo.stream()
        .filter(l -> l.startsWith(name) && l.contains(":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElseThrow();
  }
}
