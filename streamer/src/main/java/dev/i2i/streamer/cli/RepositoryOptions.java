package dev.i2i.streamer.cli;

import dev.i2i.cli.DeviceOption;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.streamer.deploy.ModelDeployer;
import dev.i2i.streamer.deploy.ModelsTopic;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The model repository and the models topic; shared by the deployment commands. */
final class RepositoryOptions {
  @Mixin KafkaOptions kafka;

  @Mixin ModelsRootOption modelsRoot;

  @Option(
      names = "--models-topic",
      defaultValue = ModelsTopic.DEFAULT,
      description = "Compacted topic of model deployments (${DEFAULT-VALUE}).")
  String modelsTopic;

  @Mixin DeviceOption device;

  @Option(
      names = "--replication",
      defaultValue = "-1",
      description =
          "Replication of the models topic if it must be created; -1 takes the broker's default"
              + " (${DEFAULT-VALUE}).")
  short replication;

  ModelRepository repository() {
    return modelsRoot.repository();
  }

  ModelsTopic topic() throws Exception {
    ModelsTopic t = new ModelsTopic(kafka.settings(null), modelsTopic);
    t.ensure(replication);
    return t;
  }

  ModelDeployer deployer() throws Exception {
    return new ModelDeployer(repository(), topic(), device.device(), System.out);
  }

  static void requireDirectory(Path p, String what) throws IOException {
    if (!java.nio.file.Files.isDirectory(p)) {
      throw new IOException(what + " " + p + " does not exist");
    }
  }
}
