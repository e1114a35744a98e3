package dev.i2i.streamer.cli;

import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.kafka.EmbeddedKafka;
import dev.i2i.streamer.serve.LocalModelRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i stream}: the translation service, until Ctrl-C. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = "Run the translation service against Kafka (or an embedded broker).")
final class StreamCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin ServiceOptions service;

  @Option(names = "--embedded", description = "Start an embedded broker in this JVM first.")
  boolean embedded;

  @Option(names = "--embedded-dir", defaultValue = ".i2i/broker")
  Path embeddedDir;

  @Override
  public Integer call() throws Exception {
    StreamService.Settings settings = service.settings(kafka.topics()); // fail fast on bad flags
    UntilInterrupted until = new UntilInterrupted();
    EmbeddedKafka broker = embedded ? EmbeddedKafka.start(embeddedDir) : null;
    try (LocalModelRegistry models = service.loadModels();
        StreamService svc =
            StreamService.start(
                kafka.settings(broker != null ? broker.bootstrapServers() : null),
                settings,
                models)) {
      if (broker != null) {
        System.out.println("embedded broker: " + broker.bootstrapServers());
      }
      System.out.println("translation service running; Ctrl-C to stop");
      until.await();
    } finally {
      if (broker != null) {
        broker.close();
      }
      until.close();
    }
    return 0;
  }
}
