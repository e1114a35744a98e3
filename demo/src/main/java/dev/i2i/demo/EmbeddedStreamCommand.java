package dev.i2i.demo;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.streamer.cli.StreamCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Deque;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2i stream}, which can also start an embedded broker first. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = "Run the translation service against Kafka (or an embedded broker).")
final class EmbeddedStreamCommand extends StreamCommand {
  @Option(
      names = "--embedded",
      description =
          "Start an embedded broker in this JVM first, on the --bootstrap-servers port "
              + "(controller on the next port), so other commands reach it with their defaults.")
  boolean embedded;

  @Option(names = "--embedded-dir", defaultValue = ".i2i/broker")
  Path embeddedDir;

  @Override
  protected String beforeStart(Deque<AutoCloseable> closeLast) throws IOException {
    if (!embedded) {
      return null;
    }
    int port = kafka.port();
    EmbeddedKafka broker = EmbeddedKafka.start(embeddedDir, port, port + 1);
    closeLast.push(broker);
    System.out.println("embedded broker: " + broker.bootstrapServers());
    return broker.bootstrapServers();
  }
}
