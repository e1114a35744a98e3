package dev.i2i.streamer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i rollback}: drop the canary, or go back to the previous (or a given) version. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Drop a model's canary; without one, bring back the version that was live before.",
      "--to VERSION makes that (verified, not retired) version live instead."
    })
final class RollbackCommand implements Callable<Integer> {
  @Mixin RepositoryOptions repo;

  @Option(names = "--model", required = true, description = "Model name.")
  String model;

  @Option(names = "--to", paramLabel = "VERSION", description = "Version to make live.")
  Integer to;

  @Override
  public Integer call() throws Exception {
    repo.deployer().rollback(model, to);
    return 0;
  }
}
