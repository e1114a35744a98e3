package dev.i2i.streamer.cli;

import dev.i2i.streamer.StreamService;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code i2i stream}: the translation service, until Ctrl-C. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = "Run the translation service against Kafka.")
public class StreamCommand implements Callable<Integer> {
  @Mixin protected KafkaOptions kafka;
  @Mixin protected ServiceOptions service;

  /**
   * Runs before the service starts. Returns the bootstrap servers to use instead of the flag's, or
   * null; what it starts and the service must outlive goes into {@code closeLast}.
   */
  protected String beforeStart(Deque<AutoCloseable> closeLast) throws IOException {
    return null;
  }

  @Override
  public Integer call() throws Exception {
    StreamService.Settings settings = service.settings(kafka.topics()); // fail fast on bad flags
    Deque<AutoCloseable> closeLast = new ArrayDeque<>();
    // Closed last: the JVM's shutdown waits until the service and what it needed are closed.
    try (UntilInterrupted until = new UntilInterrupted()) {
      try {
        String bootstrap = beforeStart(closeLast);
        try (StreamService svc = StreamService.start(kafka.settings(bootstrap), settings)) {
          System.out.println("serving " + svc.models().describe());
          if (svc.httpPort() > 0) {
            String base = "http://" + service.httpHost + ":" + svc.httpPort();
            System.out.printf(
                "metrics: %1$s/metrics  health: %1$s/health  ready: %1$s/ready%2$s%n",
                base, service.gallery ? "  gallery: " + base + "/gallery" : "");
          }
          System.out.println("translation service running; Ctrl-C to stop");
          until.await();
        }
      } finally {
        for (AutoCloseable c : closeLast) {
          c.close();
        }
      }
    }
    return 0;
  }
}
