package dev.i2i.streamer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i deploy}: an exported model becomes the next version and goes live (or canary). */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Copy an exported model into the repository as the next version of --model and announce it "
          + "on the models topic; running stream instances swap it in with no restart.",
      "Checks first: card, sha256, contract, a test translation, and the quality gate (its "
          + "evaluation metrics against the live version's; --force skips the gate)."
    })
final class DeployCommand implements Callable<Integer> {
  @Mixin RepositoryOptions repo;

  @Option(names = "--model", required = true, description = "Model name, e.g. summer2winter.")
  String model;

  @Option(
      names = "--from",
      required = true,
      description = "Export folder with model.onnx and card.json (from i2i export).")
  Path from;

  @Option(
      names = "--canary",
      defaultValue = "100",
      paramLabel = "PERCENT",
      description =
          "Send only this share of requests (1-99, by request id) to the new version until "
              + "i2i promote or i2i rollback (default: everyone).")
  int canary;

  @Option(names = "--force", description = "Deploy even if the quality gate refuses it.")
  boolean force;

  @Option(
      names = "--tolerance",
      defaultValue = "0",
      description = "Relative slack of the quality gate, e.g. 0.01 = 1% (${DEFAULT-VALUE}).")
  double tolerance;

  @Override
  public Integer call() throws Exception {
    if (canary < 1 || canary > 100) {
      throw new IllegalArgumentException("--canary must be 1-99 (or 100: everyone), got " + canary);
    }
    RepositoryOptions.requireDirectory(from, "export folder");
    repo.deployer().deploy(model, from, canary, force, tolerance);
    return 0;
  }
}
