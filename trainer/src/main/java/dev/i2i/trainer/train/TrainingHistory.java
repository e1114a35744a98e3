package dev.i2i.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The training commands a run folder has seen ({@code commands.txt}), one per invocation with the
 * steps it covered, so a model card can say exactly how its weights were made even when a run was
 * resumed with a longer schedule.
 */
public final class TrainingHistory {
  public static final String FILE = "commands.txt";

  private TrainingHistory() {}

  /** Records one invocation that trains from step {@code from} to {@code to}. */
  public static void append(Path run, TrainOptions o, long from, long to) throws IOException {
    String line = o.command(o.data) + "   # steps " + from + ".." + to + "\n";
    Files.writeString(
        run.resolve(FILE), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The recorded commands with the data folder shown as {@code data}; the options' if none. */
  public static List<String> read(Path run, TrainOptions o, String data) throws IOException {
    Path file = run.resolve(FILE);
    List<String> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        out.add(line.replace("--data " + o.data + " ", "--data " + data + " "));
      }
    }
    if (out.isEmpty()) {
      out.add(o.command(data));
    }
    return out;
  }
}
