package dev.i2i.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code i2i stream --embedded} as a user runs it from the README: a broker and the service in one
 * process, then {@code publish} and {@code consume} from others, then Ctrl-C (SIGTERM).
 */
class EmbeddedStreamIT {
  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void theServiceWithItsOwnBrokerAnswersAndStopsCleanly() throws Exception {
    int port = twoFreePorts();
    String bootstrap = "127.0.0.1:" + port;
    Path log = tmp.resolve("stream.log");
    Process service =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + Path.of("target").toAbsolutePath(),
                "-jar",
                Path.of("target", "i2i-demo.jar").toAbsolutePath().toString(),
                "stream",
                "--embedded",
                "--bootstrap-servers",
                bootstrap,
                "--embedded-dir",
                tmp.resolve("broker").toString(),
                "--state-dir",
                tmp.resolve("state").toString(),
                "--models-root",
                "../models",
                "--http-port",
                "-1")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.readString(log).contains("translation service running")) {
        assertTrue(service.isAlive(), "the service died:\n" + Files.readString(log));
        assertTrue(System.nanoTime() < until, "not running after 120 s:\n" + Files.readString(log));
        Thread.sleep(200);
      }
      assertTrue(Files.readString(log).contains("embedded broker: " + bootstrap));
      Path sample = Path.of("../samples/summer-7-256x256.png");
      assertEquals(
          0,
          DemoMain.commandLine()
              .execute("publish", "-b", bootstrap, "--model", "summer2winter", sample.toString()));
      Path out = tmp.resolve("results");
      assertEquals(
          0,
          DemoMain.commandLine()
              .execute("consume", "-b", bootstrap, "--count", "1", "--out", out.toString()));
      try (Stream<Path> s = Files.list(out)) {
        List<String> names = s.map(p -> p.getFileName().toString()).toList();
        assertEquals(1, names.size(), names.toString());
        assertTrue(names.get(0).startsWith("summer-7-256x256"), names.toString());
      }
    } finally {
      service.destroy(); // SIGTERM, as Ctrl-C
      assertTrue(service.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s");
    }
    String text = Files.readString(log);
    assertTrue(text.contains("closed the session of summer2winter"), text);
  }

  /**
   * A port that is free with the next one (the controller's), below Linux's ephemeral range so no
   * client connection of another test takes it meanwhile.
   */
  private static int twoFreePorts() throws IOException {
    Random random = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int p = 20_000 + 2 * random.nextInt(5_000);
      try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
          ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
        return p;
      } catch (IOException taken) {
        // try another pair
      }
    }
    throw new IOException("no two free ports next to each other in 20000-30000");
  }
}
