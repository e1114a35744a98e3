package dev.i2i.streamer.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.i2i.broker.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Reading requests in flight again from a real broker, as a task that takes over does: the records
 * at the asked offsets come back whole; offsets that retention or deleted records removed, an
 * aborted transaction's and offsets past the end are missing from the answer.
 */
class RequestSourceIT {
  @Test
  void readsTheAskedOffsetsAndLeavesOutDeletedOnes() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "request-source-");
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir)) {
      String topic = "source.requests";
      Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      Properties p = new Properties();
      p.putAll(client);
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "source-test");
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 6; i++) { // offsets 0-5, then a commit marker at 6
          producer.send(record(topic, "req-" + i));
        }
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(record(topic, "aborted")); // offset 7
        producer.flush(); // on the broker before the abort
        producer.abortTransaction(); // marker at 8
        producer.beginTransaction();
        producer.send(record(topic, "req-9")); // offset 9
        producer.commitTransaction();
      }
      TopicPartition tp = new TopicPartition(topic, 0);
      try (Admin admin = Admin.create(client)) {
        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(2))).all().get();
      }
      RequestSource source =
          RequestSource.kafka(
              Map.of(
                  StreamsConfig.APPLICATION_ID_CONFIG,
                  "source-test",
                  StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                  broker.bootstrapServers(),
                  StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                  StreamsConfig.EXACTLY_ONCE_V2));

      Map<Long, IncomingRecord> read =
          source.read(topic, 0, new TreeSet<>(List.of(1L, 3L, 5L, 7L, 9L)));

      assertEquals(new TreeSet<>(List.of(3L, 5L, 9L)), new TreeSet<>(read.keySet()));
      for (long offset : read.keySet()) {
        IncomingRecord r = read.get(offset);
        String id = "req-" + offset;
        assertArrayEquals(id.getBytes(StandardCharsets.UTF_8), r.key());
        assertArrayEquals(("image of " + id).getBytes(StandardCharsets.UTF_8), r.value());
        assertEquals("m", new String(r.headers().lastHeader("i2i-model").value()));
        assertEquals(topic, r.topic());
        assertEquals(offset, r.offset());
      }
      assertEquals(
          Map.of(),
          source.read(topic, 0, new TreeSet<>(List.of(0L, 1L))),
          "all of them deleted: nothing, at once");
      assertEquals(
          Map.of(), source.read(topic, 0, new TreeSet<>(List.of(40L))), "past the end: nothing");
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String id) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            topic,
            id.getBytes(StandardCharsets.UTF_8),
            ("image of " + id).getBytes(StandardCharsets.UTF_8));
    r.headers().add("i2i-model", "m".getBytes(StandardCharsets.UTF_8));
    return r;
  }
}
