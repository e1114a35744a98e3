package dev.i2i.trainer.cli;

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
}
