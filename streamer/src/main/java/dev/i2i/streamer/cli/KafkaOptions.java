package dev.i2i.streamer.cli;

import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.topology.Topics;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Kafka is and what the topics are called; shared by every command that talks to Kafka. */
public final class KafkaOptions {
  @Option(
      names = {"-b", "--bootstrap-servers"},
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (${DEFAULT-VALUE}).")
  public String bootstrapServers;

  @Option(
      names = "--kafka-config",
      description =
          "Properties file passed to every Kafka client "
              + "(security.protocol, sasl.*, ssl.truststore.*, ...).")
  public Path kafkaConfig;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description =
          "A schema registry with Confluent's REST API (Confluent, Apicurio's /apis/ccompat/v7,"
              + " Karapace, Redpanda). Avro records are then also read, and requests, dead"
              + " letters and results of such requests written, in Confluent's wire format"
              + " (zero byte, 4-byte schema id) under the subjects <topic>-value. Credentials"
              + " and TLS go in --kafka-config with Confluent's names: basic.auth.user.info,"
              + " schema.registry.ssl.truststore.location, ... Same as schema.registry.url"
              + " there.")
  public String schemaRegistryUrl;

  @Option(names = "--requests-topic", defaultValue = "i2i.requests")
  public String requestsTopic;

  @Option(names = "--results-topic", defaultValue = "i2i.results")
  public String resultsTopic;

  @Option(names = "--dead-letter-topic", defaultValue = "i2i.dead-letters")
  public String deadLetterTopic;

  public KafkaSettings settings(String bootstrapOverride) throws IOException {
    return KafkaSettings.of(
            bootstrapOverride != null ? bootstrapOverride : bootstrapServers, kafkaConfig)
        .withSchemaRegistry(schemaRegistryUrl);
  }

  /** The port of the first bootstrap server, for an embedded broker to listen on. */
  public int port() {
    String first = bootstrapServers.split(",")[0].trim();
    try {
      return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "--bootstrap-servers '" + bootstrapServers + "' has no port; expected HOST:PORT");
    }
  }

  public Topics topics() {
    return new Topics(requestsTopic, resultsTopic, deadLetterTopic);
  }
}
