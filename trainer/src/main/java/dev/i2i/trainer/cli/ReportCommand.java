package dev.i2i.trainer.cli;

import dev.i2i.trainer.train.TrainingLoop;
import dev.i2i.trainer.train.TrainingReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2i report}: a run's report.html, written again from what the run folder holds. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write RUN/report.html (training and export write it too): commands, loss curves, sample"
            + " grids over time, time and memory per epoch, the evaluation in the cards of the"
            + " models exported from the run, and the options. Opens from disk, no server.")
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "Training run folder.")
  Path run;

  @Override
  public Integer call() throws Exception {
    TrainingLoop.procedure(run); // refuses a folder that is no run
    System.out.println("report: " + TrainingReport.write(run));
    return 0;
  }
}
