package dev.i2i.streamer.cli;

import dev.i2i.cli.DeviceOption;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.web.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the translation service runs; shared by {@code stream} and {@code demo}. */
public final class ServiceOptions {
  @Mixin ModelsRootOption modelsRoot;

  @Option(
      names = "--model",
      split = ",",
      description = "Model names to serve (default: every model in the repository).")
  public List<String> models = List.of();

  @Option(
      names = "--default-model",
      description = "Model for raw requests without an " + "i2i-model header.")
  public String defaultModel;

  @Mixin DeviceOption device;
  @Mixin ProcessingOptions processing;

  @Option(
      names = "--application-id",
      defaultValue = "i2i-streamer",
      description = "Instances with the same id share the partitions (${DEFAULT-VALUE}).")
  public String applicationId;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Stream threads (${DEFAULT-VALUE}).")
  public int threads;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of topics the service creates (${DEFAULT-VALUE}).")
  public int partitions;

  @Option(
      names = "--replication",
      defaultValue = "-1",
      description =
          "Replication of topics the service creates; -1 takes the broker's default"
              + " (${DEFAULT-VALUE}). Above 1, min.insync.replicas is set to 2.")
  public short replication;

  @Option(
      names = "--max-pixels",
      defaultValue = "16777216",
      description = "Largest width*height accepted, read from the header (${DEFAULT-VALUE}).")
  public long maxPixels;

  @Option(
      names = "--max-message-bytes",
      defaultValue = "16777216",
      description =
          "max.message.bytes of topics the service creates, and the producer's max.request.size"
              + " unless --kafka-config sets it (${DEFAULT-VALUE}). Each result and dead letter is"
              + " sized against its topic's real limit, read at start.")
  public int maxMessageBytes;

  @Option(
      names = "--request-timeout",
      defaultValue = "30",
      description =
          "Seconds a request may take from when the service takes it (waiting behind other"
              + " requests in flight, decode, inference, encode); past it the request becomes a"
              + " DEADLINE_EXCEEDED dead letter (${DEFAULT-VALUE}). The exactly-once transaction"
              + " timeout is set to max(60, 3 x this + 10) s, at most 900 s; up to 449.")
  public int requestTimeoutSeconds;

  @Option(
      names = "--batch-size",
      defaultValue = "1",
      description =
          "Most same-size requests translated in one inference call (micro-batching; helps on a"
              + " GPU, not on a CPU); raises --in-flight to a batch per inference thread"
              + " (${DEFAULT-VALUE}).")
  public int batchSize;

  @Option(
      names = "--state-dir",
      defaultValue = ".i2i/streams-state",
      description = "Kafka Streams state folder (${DEFAULT-VALUE}).")
  public Path stateDir;

  @Option(
      names = "--models-topic",
      defaultValue = "i2i.models",
      description = "Compacted topic of model deployments the service follows (${DEFAULT-VALUE}).")
  public String modelsTopic;

  @Option(
      names = "--http-port",
      defaultValue = "9464",
      description =
          "Port of /metrics (Prometheus), /health and /ready; 0 picks a free port, -1 turns it"
              + " off (${DEFAULT-VALUE}).")
  public int httpPort;

  @Option(
      names = "--http-host",
      defaultValue = "127.0.0.1",
      description =
          "Address the HTTP endpoint binds; 0.0.0.0 for every interface (${DEFAULT-VALUE}).")
  public String httpHost;

  @Option(
      names = "--gallery",
      description =
          "Serve /gallery, a page of recent before/after pairs (off: it shows users' images).")
  public boolean gallery;

  @Option(
      names = "--stall-seconds",
      defaultValue = "60",
      description =
          "/health says DOWN when requests wait and nothing was committed for this long"
              + " (${DEFAULT-VALUE}).")
  public int stallSeconds;

  public StreamService.Settings settings(Topics topics) {
    RequestHandler.Settings handler =
        processing.handler(
            defaultModel, maxPixels, Duration.ofSeconds(requestTimeoutSeconds), batchSize);
    return new StreamService.Settings(
        applicationId,
        topics,
        partitions,
        replication,
        threads,
        stateDir,
        processing.guarantee,
        handler,
        new StreamService.ModelSettings(
            modelsRoot.served(), models, device.device(), modelsTopic, processing.tiling()),
        new HttpSettings(httpHost, httpPort, gallery, Duration.ofSeconds(stallSeconds)),
        maxMessageBytes);
  }
}
