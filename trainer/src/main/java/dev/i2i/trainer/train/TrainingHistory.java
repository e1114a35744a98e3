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
  public static void append(Path run, CycleGanOptions o, long from, long to) throws IOException {
    String line = command(o, o.data()) + "   # steps " + from + ".." + to + "\n";
    Files.writeString(
        run.resolve(FILE), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The recorded commands with the data folder shown as {@code data}; the options' if none. */
  public static List<String> read(Path run, CycleGanOptions o, String data) throws IOException {
    Path file = run.resolve(FILE);
    List<String> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        out.add(line.replace("--data " + o.data() + " ", "--data " + data + " "));
      }
    }
    if (out.isEmpty()) {
      out.add(command(o, data));
    }
    return out;
  }

  /** The command line that reproduces these options. */
  public static String command(CycleGanOptions o, String data) {
    return String.format(
        "i2i train cyclegan --data %s --run runs/%s --generator %s --ngf %d --blocks %d "
            + "--upsampling %s --ndf %d --n-layers-d %d --load-size %d --crop-size %d%s "
            + "--batch-size %d --n-epochs %d --n-epochs-decay %d --lr %s --beta1 %s "
            + "--lambda-a %s --lambda-b %s --lambda-identity %s --pool-size %d --seed %d%s",
        data,
        Path.of(o.run()).getFileName(),
        o.generator().cliName(),
        o.ngf(),
        o.blocks(),
        o.upsampling().cliName(),
        o.ndf(),
        o.nLayersD(),
        o.loadSize(),
        o.cropSize(),
        o.flip() ? "" : " --no-flip",
        o.batchSize(),
        o.nEpochs(),
        o.nEpochsDecay(),
        o.lr(),
        o.beta1(),
        o.lambdaA(),
        o.lambdaB(),
        o.lambdaIdentity(),
        o.poolSize(),
        o.seed(),
        o.maxSteps() > 0 ? " --max-steps " + o.maxSteps() : "");
  }
}
