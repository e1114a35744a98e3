package dev.i2i.streamer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i promote}: the canary takes all requests. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = "Make a model's canary version live for every request.")
final class PromoteCommand implements Callable<Integer> {
  @Mixin RepositoryOptions repo;

  @Option(names = "--model", required = true, description = "Model name.")
  String model;

  @Override
  public Integer call() throws Exception {
    repo.deployer().promote(model);
    return 0;
  }
}
