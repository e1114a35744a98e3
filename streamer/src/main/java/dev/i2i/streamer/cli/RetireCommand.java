package dev.i2i.streamer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i retire}: a version may never be served again. */
@Command(
    name = "retire",
    description = {
      "Take a version out of service for good: it stops being a canary or rollback target.",
      "The live version cannot be retired; deploy or roll back to another first. Its files stay "
          + "in the repository for the record."
    })
final class RetireCommand implements Callable<Integer> {
  @Mixin RepositoryOptions repo;

  // --version names the model version here, so no standard -V/--version option.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--model", required = true, description = "Model name.")
  String model;

  @Option(names = "--version", required = true, description = "Version to retire.")
  int version;

  @Override
  public Integer call() throws Exception {
    repo.deployer().retire(model, version);
    return 0;
  }
}
