package dev.i2i.trainer.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's loss log, {@code losses.csv}: one row per step (step, epoch, lr, seconds, resident
 * memory in MB, then every loss). Appends on resume, after dropping rows past the checkpoint's
 * step.
 */
public final class LossLog implements AutoCloseable {
  public static final String FILE = "losses.csv";
  private final Writer out;
  private boolean headerWritten;

  public LossLog(Path run, long resumeStep) throws IOException {
    Path file = run.resolve(FILE);
    List<String> keep = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (keep.isEmpty() || Long.parseLong(line.substring(0, line.indexOf(','))) <= resumeStep) {
          keep.add(line);
        }
      }
    }
    Files.write(file, keep);
    headerWritten = !keep.isEmpty();
    out = Files.newBufferedWriter(file, StandardOpenOption.APPEND);
  }

  public void append(long step, long epoch, double lr, double seconds, long rssMb, Losses losses)
      throws IOException {
    if (!headerWritten) {
      out.write(
          "step,epoch,lr,seconds,rss_mb," + String.join(",", losses.values().keySet()) + "\n");
      headerWritten = true;
    }
    StringBuilder row = new StringBuilder();
    row.append(step)
        .append(',')
        .append(epoch)
        .append(',')
        .append(lr)
        .append(',')
        .append(String.format("%.3f", seconds))
        .append(',')
        .append(rssMb);
    losses.values().values().forEach(v -> row.append(',').append(v));
    out.write(row.append('\n').toString());
    out.flush();
  }

  /**
   * The learning rate the run actually followed, as "steps FROM-TO: LR" ranges in step order, read
   * from the log: what a model card states as its schedule.
   */
  public static List<String> schedule(Path run) throws IOException {
    Path file = run.resolve(FILE);
    List<String> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file);
    long from = -1;
    long last = -1;
    String lr = null;
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.split(",", 4);
      long step = Long.parseLong(f[0]);
      if (!f[2].equals(lr)) {
        if (lr != null) {
          out.add("steps " + from + "-" + last + ": " + lr);
        }
        lr = f[2];
        from = step;
      }
      last = step;
    }
    if (lr != null) {
      out.add("steps " + from + "-" + last + ": " + lr);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
