package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.TopicAdmin;
import dev.i2i.streamer.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service JVMs share the work; each is killed (SIGKILL) mid-stream and restarted, then the
 * broker itself is restarted: a read_committed consumer must see exactly one result per request,
 * none twice, none lost.
 */
class CrashRecoveryIT {
  static final int REQUESTS = 300;
  @TempDir Path tmp;

  private Process startService(String bootstrap, Topics t, Path config, String slot, int n)
      throws Exception {
    Path log = tmp.resolve("service-" + slot + "-" + n + ".log");
    List<String> cmd =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Djava.io.tmpdir=" + Path.of("target").toAbsolutePath(),
            "-jar",
            Path.of("target", "i2i-streamer.jar").toAbsolutePath().toString(),
            "stream",
            "--bootstrap-servers",
            bootstrap,
            "--kafka-config",
            config.toString(),
            "--http-port",
            "-1",
            "--request-timeout",
            "5",
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
            // A restarted instance keeps its slot's state folder, as a restarted pod keeps its
            // volume: same process id, so it fences its predecessor's open transaction at once.
            "--state-dir",
            tmp.resolve("state-" + slot).toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Requests the services' logs say they read again from the topic after taking a task over. */
  private int readAgain() throws Exception {
    Pattern line = Pattern.compile("request\\(s\\) taken before a restart .*, (\\d+) of them read");
    int n = 0;
    try (var logs = Files.list(tmp)) {
      for (Path log :
          logs.filter(f -> f.getFileName().toString().startsWith("service-")).toList()) {
        Matcher m = line.matcher(Files.readString(log));
        while (m.find()) {
          n += Integer.parseInt(m.group(1));
        }
      }
    }
    return n;
  }

  @Test
  void twoInstancesKilledInTurnAndABrokerRestartLoseAndDuplicateNothing() throws Exception {
    Topics t = new Topics("crash.requests", "crash.results", "crash.dead-letters");
    Path config = tmp.resolve("client.properties");
    // Short session timeout: a dead instance's partitions move on in seconds, not 45; a short
    // transaction timeout (over twice the 5 s request deadline) ends a zombie's transaction soon.
    Files.writeString(
        config,
        "session.timeout.ms=6000\nheartbeat.interval.ms=1500\ntransaction.timeout.ms=15000\n");
    int brokerPort = EmbeddedKafka.freePort();
    int controllerPort = EmbeddedKafka.freePort();
    Path brokerDir = tmp.resolve("broker");
    EmbeddedKafka broker = EmbeddedKafka.start(brokerDir, brokerPort, controllerPort);
    List<Process> running = new ArrayList<>();
    try {
      String bootstrap = broker.bootstrapServers();
      KafkaSettings kafka = new KafkaSettings(bootstrap, Map.of());
      TopicAdmin.ensure(
          kafka,
          List.of(t.requests(), t.results(), t.deadLetters()),
          2,
          (short) 1,
          Map.of("max.message.bytes", Integer.toString(EmbeddedKafka.MAX_MESSAGE_BYTES)));
      try (Publisher pub = new Publisher(kafka, t.requests())) {
        for (int i = 0; i < REQUESTS; i++) {
          pub.publish("req-" + i, "summer2winter", TestImages.png(128, 96), null, Map.of(), false);
        }
        pub.flush();
      }
      List<Received> seen = new ArrayList<>();
      try (ResultReader reader = new ResultReader(kafka, t, null, true)) {
        Process a = startService(bootstrap, t, config, "a", 1);
        Process b = startService(bootstrap, t, config, "b", 1);
        running.addAll(List.of(a, b));
        seen.addAll(reader.read(50, Duration.ofSeconds(120), x -> {}));
        a.destroyForcibly().waitFor();
        running.add(a = startService(bootstrap, t, config, "a", 2));
        seen.addAll(reader.read(50, Duration.ofSeconds(120), x -> {}));
        b.destroyForcibly().waitFor();
        running.add(startService(bootstrap, t, config, "b", 2));
        seen.addAll(reader.read(50, Duration.ofSeconds(120), x -> {}));
        assertTrue(seen.size() >= 150 && seen.size() < REQUESTS, "mid-stream: " + seen.size());
        broker.close();
        broker = EmbeddedKafka.start(brokerDir, brokerPort, controllerPort);
        seen.addAll(reader.read(REQUESTS - seen.size(), Duration.ofSeconds(180), x -> {}));
        // Anything more (a duplicate) would arrive now: keep reading a little longer.
        seen.addAll(reader.read(1, Duration.ofSeconds(8), x -> {}));
      }
      Map<String, Received> first = new HashMap<>();
      for (Received r : seen) {
        assertTrue(!r.deadLetter(), r.requestId() + " " + r.reason() + " " + r.detail());
        Received before = first.putIfAbsent(r.requestId(), r);
        assertTrue(
            before == null,
            () ->
                "duplicate result for "
                    + r.requestId()
                    + ": partition "
                    + before.partition()
                    + " at "
                    + before.timestamp()
                    + ", then partition "
                    + r.partition()
                    + " at "
                    + r.timestamp());
      }
      assertEquals(REQUESTS, seen.size());
      // Requests the killed instances had in flight are read again from the topic by whoever
      // takes their tasks over (the store keeps only where they are). Whether a kill finds any in
      // flight depends on timing, so this is reported, not asserted: ResumePendingTest and
      // RequestSourceIT test that path on its own.
      System.out.println("requests in flight read again after a restart: " + readAgain());
    } finally {
      for (Process p : running) {
        p.destroy();
      }
      for (Process p : running) {
        p.waitFor();
      }
      broker.close();
    }
  }
}
