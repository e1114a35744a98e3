package dev.i2i.streamer.cli;

import dev.i2i.runtime.Device;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.image.ImageEncoder;
import dev.i2i.streamer.kafka.EmbeddedKafka;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How the translation service runs; shared by {@code stream} and {@code demo}. */
final class ServiceOptions {
  @Option(
      names = "--models-root",
      defaultValue = "models",
      description =
          "Model repository: ROOT/NAME/VERSION/{model.onnx,card.json} (${DEFAULT-VALUE}).")
  Path modelsRoot;

  @Option(
      names = "--model",
      split = ",",
      description = "Model names to serve (default: every model in the repository).")
  List<String> models = List.of();

  @Option(
      names = "--default-model",
      description = "Model for raw requests without an " + "i2i-model header.")
  String defaultModel;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu | cuda | auto (${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--application-id",
      defaultValue = "i2i-streamer",
      description = "Instances with the same id share the partitions (${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Stream threads (${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of topics the service creates (${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--replication",
      defaultValue = "1",
      description = "Replication of topics the service creates (${DEFAULT-VALUE}).")
  short replication;

  @Option(
      names = "--guarantee",
      defaultValue = "exactly_once_v2",
      description = "exactly_once_v2 | at_least_once (${DEFAULT-VALUE}).")
  String guarantee;

  @Option(
      names = "--max-pixels",
      defaultValue = "16777216",
      description = "Largest width*height accepted, read from the header (${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(
      names = "--output-format",
      defaultValue = "png",
      description = "png | jpeg (${DEFAULT-VALUE}).")
  String outputFormat;

  @Option(
      names = "--state-dir",
      defaultValue = ".i2i/streams-state",
      description = "Kafka Streams state folder (${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--models-topic",
      defaultValue = "i2i.models",
      description = "Compacted topic of model deployments the service follows (${DEFAULT-VALUE}).")
  String modelsTopic;

  @Option(
      names = "--http-port",
      defaultValue = "9464",
      description =
          "Port of /metrics (Prometheus) and /health; 0 picks a free port, -1 turns it off "
              + "(${DEFAULT-VALUE}).")
  int httpPort;

  StreamService.Settings settings(Topics topics) {
    RequestHandler.Settings handler =
        new RequestHandler.Settings(
            defaultModel,
            maxPixels,
            EmbeddedKafka.MAX_MESSAGE_BYTES - 64 * 1024,
            ImageEncoder.parse(outputFormat));
    return new StreamService.Settings(
        applicationId,
        topics,
        partitions,
        replication,
        threads,
        stateDir,
        guarantee,
        handler,
        new StreamService.ModelSettings(modelsRoot, models, Device.parse(device), modelsTopic),
        httpPort);
  }
}
