package dev.i2i.trainer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The trainer's commands of the {@code i2i} launcher. */
@Command(
    name = "i2i",
    mixinStandardHelpOptions = true,
    version = "i2i 0.1.0",
    description = "Image-to-image translation: make datasets, train, export, translate, evaluate.",
    subcommands = {
      DatasetCommand.class,
      TrainCommand.class,
      ExportCommand.class,
      TranslateCommand.class,
      EvaluateCommand.class,
      ReportCommand.class,
      BenchCommand.class
    })
public final class TrainerMain implements Callable<Integer> {
  @Option(
      names = "--backend",
      description =
          "Print which ND4J backend runs, then exit. Training runs on the CPU, or with the cuda"
              + " build on ND4J 1.0.0-M2.1's CUDA 11.6 backend, which has kernels for NVIDIA"
              + " compute capability 3.7 to 8.6 (Kepler to Ampere) only: not for Hopper (H100,"
              + " H200) or newer, where training stays on the CPU.")
  boolean backend;

  @Override
  public Integer call() {
    if (backend) {
      System.out.println(Backend.describe());
      return 0;
    }
    new CommandLine(this).usage(System.out);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with clear messages for bad flags (what is allowed, not a stack trace). */
  public static CommandLine commandLine() {
    return dev.i2i.cli.CliErrors.clear(new CommandLine(new TrainerMain()));
  }
}
