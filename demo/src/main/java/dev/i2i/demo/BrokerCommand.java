package dev.i2i.demo;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.streamer.cli.UntilInterrupted;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2i broker}: the embedded Kafka broker alone, until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Run a single-node Kafka broker (KRaft) in this JVM until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "9092", description = "Client port (${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--controller-port", defaultValue = "9093", description = "(${DEFAULT-VALUE}).")
  int controllerPort;

  @Option(
      names = "--dir",
      defaultValue = ".i2i/broker",
      description = "Data folder (${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    try (UntilInterrupted until = new UntilInterrupted();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port, controllerPort)) {
      System.out.println("Kafka broker running; bootstrap servers: " + kafka.bootstrapServers());
      System.out.println("Press Ctrl-C to stop.");
      until.await();
    }
    return 0;
  }
}
