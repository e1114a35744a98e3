package dev.i2i.streamer.deploy;

import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.TopicAdmin;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted models topic: key = model name, value = the model's whole {@link ModelDeployment}
 * state. One partition, so every instance sees the events of all models in the order they were
 * announced.
 */
public final class ModelsTopic {
  private static final Logger LOG = LoggerFactory.getLogger(ModelsTopic.class);
  public static final String DEFAULT = "i2i.models";

  private final KafkaSettings kafka;
  private final String topic;

  public ModelsTopic(KafkaSettings kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  public String name() {
    return topic;
  }

  /** Creates the topic when missing: one partition, compacted, kept forever. */
  public void ensure(short replication) throws Exception {
    TopicAdmin.ensure(
        kafka,
        List.of(topic),
        1,
        replication,
        Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
    try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
      String policy = TopicAdmin.config(admin, topic, "cleanup.policy");
      if (policy == null || !policy.contains("compact")) {
        // Without compaction the broker deletes old events after retention.ms, and an instance
        // started later no longer learns what is live.
        LOG.warn(
            "models topic {} has cleanup.policy={}, not compact: deployments will be lost after"
                + " its retention. Fix: kafka-configs.sh --alter --entity-type topics"
                + " --entity-name {} --add-config cleanup.policy=compact",
            topic,
            policy,
            topic);
      }
    }
  }

  /** A consumer that reads the topic from its first record, outside any group. */
  KafkaConsumer<String, byte[]> consumer() {
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            kafka.clientProperties(
                Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed")),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> parts =
        c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }

  /** The current state of every model that was ever announced. */
  public Map<String, ModelDeployment> readAll(Duration timeout) throws IOException {
    AvroCodec<ModelDeployment> codec = AvroCodec.deployments();
    Map<String, ModelDeployment> state = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      Map<TopicPartition, Long> end = c.endOffsets(c.assignment(), timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!caughtUp(c, end)) {
        if (System.nanoTime() > deadline) {
          throw new IOException("could not read the models topic " + topic + " in " + timeout);
        }
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          decode(codec, r).ifPresent(d -> state.put(d.getModel(), d));
        }
      }
    }
    return state;
  }

  static boolean caughtUp(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  static java.util.Optional<ModelDeployment> decode(
      AvroCodec<ModelDeployment> codec, ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return java.util.Optional.empty(); // a tombstone: nothing to serve for this key
    }
    try {
      return java.util.Optional.of(codec.decode(r.value()));
    } catch (IOException e) {
      LOG.error(
          "skipping record {} of {} (key {}): {}", r.offset(), r.topic(), r.key(), e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** Writes a model's new state and waits until the broker has it. */
  public void announce(ModelDeployment d) throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            kafka.clientProperties(p), new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(topic, d.getModel(), AvroCodec.deployments().encode(d)))
          .get(30, TimeUnit.SECONDS);
    }
  }
}
