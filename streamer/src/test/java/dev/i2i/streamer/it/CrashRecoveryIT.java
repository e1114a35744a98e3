package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.kafka.EmbeddedKafka;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.TopicAdmin;
import dev.i2i.streamer.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the service's JVM (SIGKILL) in the middle of 200 requests and starts a new one: a
 * read_committed consumer must see exactly 200 results, none twice.
 */
class CrashRecoveryIT {
  @TempDir Path tmp;

  private Process startService(String bootstrap, Topics t, Path config, int n) throws Exception {
    Path log = tmp.resolve("service-" + n + ".log");
    List<String> cmd =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Djava.io.tmpdir=" + Path.of("target").toAbsolutePath(),
            "-jar",
            Path.of("target", "i2i-streamer.jar").toString(),
            "stream",
            "--bootstrap-servers",
            bootstrap,
            "--kafka-config",
            config.toString(),
            "--http-port",
            "-1",
            "--models-root",
            Path.of("..", "models").toString(),
            "--model",
            "summer2winter",
            "--application-id",
            "it-crash",
            "--requests-topic",
            t.requests(),
            "--results-topic",
            t.results(),
            "--dead-letter-topic",
            t.deadLetters(),
            "--state-dir",
            tmp.resolve("state-" + n).toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void aKilledServiceRestartsWithNoLostAndNoDuplicatedResult() throws Exception {
    Topics t = new Topics("crash.requests", "crash.results", "crash.dead-letters");
    Path config = tmp.resolve("client.properties");
    // Short session timeout: the dead instance's partitions move on in seconds, not 45.
    Files.writeString(config, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
    try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("broker"))) {
      KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), Map.of());
      TopicAdmin.ensure(
          kafka,
          List.of(t.requests(), t.results(), t.deadLetters()),
          2,
          (short) 1,
          EmbeddedKafka.MAX_MESSAGE_BYTES);
      try (Publisher pub = new Publisher(kafka, t.requests())) {
        for (int i = 0; i < 200; i++) {
          pub.publish("req-" + i, "summer2winter", TestImages.png(128, 96), null, Map.of(), false);
        }
        pub.flush();
      }
      List<Received> seen = new ArrayList<>();
      try (ResultReader reader = new ResultReader(kafka, t, null, true)) {
        Process first = startService(broker.bootstrapServers(), t, config, 1);
        seen.addAll(reader.read(40, Duration.ofSeconds(120), x -> {}));
        first.destroyForcibly().waitFor();
        int beforeKill = seen.size();
        assertTrue(
            beforeKill >= 40 && beforeKill < 200,
            "killed mid-stream, after " + beforeKill + " results");
        Process second = startService(broker.bootstrapServers(), t, config, 2);
        try {
          seen.addAll(reader.read(200 - seen.size(), Duration.ofSeconds(120), x -> {}));
          // Anything more (a duplicate) would arrive now: keep reading a little longer.
          seen.addAll(reader.read(1, Duration.ofSeconds(5), x -> {}));
        } finally {
          second.destroy();
          second.waitFor();
        }
      }
      Set<String> ids = new HashSet<>();
      for (Received r : seen) {
        assertTrue(!r.deadLetter(), r.requestId() + " " + r.reason() + " " + r.detail());
        assertTrue(ids.add(r.requestId()), "duplicate result for " + r.requestId());
      }
      assertEquals(200, seen.size());
    }
  }
}
