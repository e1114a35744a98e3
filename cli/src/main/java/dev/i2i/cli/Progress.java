package dev.i2i.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A console progress bar: step, percentage, rate, ETA and a status text. Redraws one line on a
 * terminal; prints a line every {@code printEvery} updates when the output is a file or a pipe.
 */
public final class Progress {
  private final PrintStream out;
  private final String label;
  private final long total;
  private final int printEvery;
  private final boolean terminal = System.console() != null;
  private final long startNanos = System.nanoTime();
  private final long startStep;

  public Progress(PrintStream out, String label, long startStep, long total, int printEvery) {
    this.out = out;
    this.label = label;
    this.startStep = startStep;
    this.total = total;
    this.printEvery = printEvery;
  }

  public void update(long done, String status) {
    boolean last = done >= total;
    if (!terminal && !last && done % printEvery != 0) {
      return;
    }
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double perStep = (done - startStep) > 0 ? elapsed / (done - startStep) : 0;
    long eta = Math.round(perStep * (total - done));
    int width = 24;
    int filled = (int) (width * done / Math.max(1, total));
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    String line =
        String.format(
            "%s [%s] %d/%d %3d%% %.2fs/step ETA %s %s",
            label, bar, done, total, 100 * done / Math.max(1, total), perStep, format(eta), status);
    if (terminal) {
      out.print("\r" + line + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static String format(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
