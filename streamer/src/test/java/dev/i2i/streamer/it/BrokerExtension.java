package dev.i2i.streamer.it;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.streamer.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process broker for all tests of a class: {@code @RegisterExtension static final
 * BrokerExtension BROKER = new BrokerExtension();}, then {@link #kafka()} and {@link #dir()}.
 */
final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private EmbeddedKafka broker;
  private KafkaSettings kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), context.getDisplayName() + "-");
    broker = EmbeddedKafka.start(dir.resolve("broker"));
    kafka = new KafkaSettings(broker.bootstrapServers(), Map.of());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    broker.close();
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Client settings for the broker. */
  KafkaSettings kafka() {
    return kafka;
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** A folder of this class's own, for state and models. */
  Path dir() {
    return dir;
  }
}
