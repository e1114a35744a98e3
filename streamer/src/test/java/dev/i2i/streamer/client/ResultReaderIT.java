package dev.i2i.streamer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.TopicAdmin;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.topology.WireHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader hands each record out once: when its partitions go back to an earlier offset (what a
 * rebalance does after the group coordinator restarted and the last commits were lost), what it
 * already handed out is skipped, while a second record for the same request still shows.
 */
class ResultReaderIT {
  @TempDir Path tmp;

  @Test
  void recordsReadAgainAfterARewindAreSkippedButNewDuplicatesShow() throws Exception {
    Topics t = new Topics("rr.requests", "rr.results", "rr.dead-letters");
    try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("broker"))) {
      KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), Map.of());
      TopicAdmin.ensure(kafka, List.of(t.results(), t.deadLetters()), 1, (short) 1, Map.of());
      try (var producer =
              new KafkaProducer<>(
                  kafka.clientProperties(Map.of()),
                  new StringSerializer(),
                  new ByteArraySerializer());
          ResultReader reader = new ResultReader(kafka, t, null, true)) {
        for (int i = 0; i < 5; i++) {
          producer.send(result(t, "req-" + i));
        }
        producer.flush();
        assertEquals(5, reader.read(5, Duration.ofSeconds(30), r -> {}).size());
        reader.rewind();
        assertEquals(0, reader.read(1, Duration.ofSeconds(3), r -> {}).size());
        producer.send(result(t, "req-2")).get();
        List<Received> again = reader.read(5, Duration.ofSeconds(5), r -> {});
        assertEquals(List.of("req-2"), again.stream().map(Received::requestId).toList());
      }
    }
  }

  private static ProducerRecord<String, byte[]> result(Topics t, String id) {
    var r = new ProducerRecord<String, byte[]>(t.results(), id, new byte[] {1, 2, 3});
    header(r, WireHeaders.FORMAT, "raw");
    header(r, WireHeaders.MODEL, "m");
    header(r, WireHeaders.MODEL_VERSION, "1");
    header(r, WireHeaders.WIDTH, "1");
    header(r, WireHeaders.HEIGHT, "1");
    header(r, WireHeaders.INFERENCE_MS, "1.0");
    return r;
  }

  private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
    r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
