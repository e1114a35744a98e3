package dev.i2i.streamer.client;

import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.Timings;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.topology.WireHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads results and dead letters with {@code read_committed}, so only what the service committed
 * (exactly once) is seen.
 */
public final class ResultReader implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final Topics topics;
  private final WireCodecs codecs;
  private final Map<TopicPartition, Long> nextOffset = new HashMap<>();

  /** Reads from the beginning with a fresh group unless {@code group} is given. */
  public ResultReader(KafkaSettings kafka, Topics topics, String group, boolean includeDeadLetters)
      throws IOException {
    this.topics = topics;
    this.codecs = topics.codecs(kafka.schemaRegistry());
    this.consumer =
        new KafkaConsumer<>(
            kafka.clientProperties(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG,
                    group != null ? group : "i2i-reader-" + UUID.randomUUID(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                    kafka.maxRecordBytes(),
                    ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                    kafka.maxRecordBytes())),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(
        includeDeadLetters
            ? List.of(topics.results(), topics.deadLetters())
            : List.of(topics.results()));
  }

  /**
   * Reads until {@code count} records arrived or nothing arrived for {@code idle}, whichever is
   * first; hands each to {@code sink} as it comes. Returns all records read.
   */
  public List<Received> read(int count, Duration idle, Consumer<Received> sink) throws IOException {
    List<Received> all = new ArrayList<>();
    forEach(
        count,
        idle,
        r -> {
          all.add(r);
          sink.accept(r);
        });
    return all;
  }

  /**
   * As {@link #read}, keeping nothing: each record goes to {@code sink} only, so reading many large
   * images takes the memory of one. Returns how many records were read.
   */
  public int forEach(int count, Duration idle, Consumer<Received> sink) throws IOException {
    int n = 0;
    long lastSeen = System.nanoTime();
    while (n < count && System.nanoTime() - lastSeen < idle.toNanos()) {
      var records = consumer.poll(Duration.ofMillis(200));
      for (ConsumerRecord<String, byte[]> r : records) {
        if (!firstTime(r)) {
          continue;
        }
        sink.accept(parse(r));
        n++;
        lastSeen = System.nanoTime();
      }
      if (!records.isEmpty()) {
        // Not synchronously: waiting for the commit would delay the next record's arrival.
        consumer.commitAsync();
      }
    }
    consumer.commitSync();
    return n;
  }

  /**
   * Whether this reader has not handed {@code r} out before. A rebalance (after the group
   * coordinator moved or restarted, say) puts a partition back at its last committed offset, and
   * the asynchronous commits may not have reached it, so records already handed out can come again;
   * they are skipped by offset. A duplicate result, another record, is not skipped.
   */
  private boolean firstTime(ConsumerRecord<String, byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    Long next = nextOffset.get(tp);
    if (next != null && r.offset() < next) {
      return false;
    }
    nextOffset.put(tp, r.offset() + 1);
    return true;
  }

  /** Puts every partition back at its start, as a rebalance puts it at its last commit (tests). */
  void rewind() {
    consumer.seekToBeginning(consumer.assignment());
  }

  private Received parse(ConsumerRecord<String, byte[]> r) throws IOException {
    long latency = r.timestamp() >= 0 ? System.currentTimeMillis() - r.timestamp() : -1;
    if (r.topic().equals(topics.deadLetters())) {
      DeadLetter d = codecs.decodeDeadLetter(r.value());
      return new Received(
          r.key(),
          true,
          null,
          0,
          bytes(d.getOriginal()),
          0,
          0,
          null,
          d.getReason().name(),
          d.getDetail(),
          latency,
          r.partition(),
          r.timestamp());
    }
    if ("raw".equals(WireHeaders.get(r.headers(), WireHeaders.FORMAT))) {
      return new Received(
          r.key(),
          false,
          WireHeaders.get(r.headers(), WireHeaders.MODEL),
          Integer.parseInt(WireHeaders.get(r.headers(), WireHeaders.MODEL_VERSION)),
          r.value(),
          Integer.parseInt(WireHeaders.get(r.headers(), WireHeaders.WIDTH)),
          Integer.parseInt(WireHeaders.get(r.headers(), WireHeaders.HEIGHT)),
          new Timings(
              Double.NaN,
              Double.NaN,
              Double.parseDouble(WireHeaders.get(r.headers(), WireHeaders.INFERENCE_MS)),
              Double.NaN),
          null,
          null,
          latency,
          r.partition(),
          r.timestamp());
    }
    TranslationResult t = codecs.decodeResult(r.value());
    return new Received(
        t.getRequestId(),
        false,
        t.getModel(),
        t.getModelVersion(),
        bytes(t.getImage()),
        t.getWidth(),
        t.getHeight(),
        t.getTimings(),
        null,
        null,
        latency,
        r.partition(),
        r.timestamp());
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
