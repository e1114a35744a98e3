package dev.i2i.streamer.cli;

import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.kafka.EmbeddedKafka;
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

  @Option(
      names = "--embedded",
      description =
          "Start an embedded broker in this JVM first, on the --bootstrap-servers port "
              + "(controller on the next port), so other commands reach it with their defaults.")
  boolean embedded;

  @Option(names = "--embedded-dir", defaultValue = ".i2i/broker")
  Path embeddedDir;

  @Override
  public Integer call() throws Exception {
    StreamService.Settings settings = service.settings(kafka.topics()); // fail fast on bad flags
    UntilInterrupted until = new UntilInterrupted();
    EmbeddedKafka broker = null;
    if (embedded) {
      int port = kafka.port();
      broker = EmbeddedKafka.start(embeddedDir, port, port + 1);
    }
    try (StreamService svc =
        StreamService.start(
            kafka.settings(broker != null ? broker.bootstrapServers() : null), settings)) {
      if (broker != null) {
        System.out.println("embedded broker: " + broker.bootstrapServers());
      }
      System.out.println("serving " + svc.models().describe());
      if (svc.httpPort() > 0) {
        String base = "http://" + service.httpHost + ":" + svc.httpPort();
        System.out.printf(
            "metrics: %1$s/metrics  health: %1$s/health  ready: %1$s/ready%2$s%n",
            base, service.gallery ? "  gallery: " + base + "/gallery" : "");
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
