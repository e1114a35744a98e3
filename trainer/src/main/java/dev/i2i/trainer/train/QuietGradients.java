package dev.i2i.trainer.train;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Builds SameDiff's gradient graphs without their console noise: this ND4J release prints "Added
 * differentiated op ..." to standard output for every op (over a thousand lines for a CycleGAN)
 * with no logger to turn down. Called once per model, before training prints anything.
 */
final class QuietGradients {
  private QuietGradients() {}

  static synchronized void build(SameDiff... graphs) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      for (SameDiff sd : graphs) {
        sd.createGradFunction();
      }
    } finally {
      System.setOut(out);
    }
  }
}
