package dev.i2i.streamer.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Reads requests again from their topic by offset: how a task that takes over finds the requests a
 * previous owner took but did not answer ({@link PendingRecords} keeps only where they are).
 */
@FunctionalInterface
interface RequestSource {
  /**
   * The records at {@code offsets} of one partition that are still there; an offset missing from
   * the answer is no longer in the topic (retention or deleted records removed it).
   */
  Map<Long, IncomingRecord> read(String topic, int partition, NavigableSet<Long> offsets);

  /** How long reading them back may take before the task gives up (and is started again). */
  Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * Reads with a consumer configured as Kafka Streams configures its restore consumer from the
   * application's settings (the same brokers and security; {@code read_committed}, no group), for
   * one read at a time.
   */
  static RequestSource kafka(Map<String, Object> appConfigs) {
    return (topic, partition, offsets) -> {
      Map<String, Object> props =
          new StreamsConfig(appConfigs).getRestoreConsumerConfigs("i2i-pending-reader");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // A record deleted since it was taken: read on from the first one still there.
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      TopicPartition tp = new TopicPartition(topic, partition);
      Map<Long, IncomingRecord> found = new HashMap<>();
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, offsets.first());
        long until = System.nanoTime() + TIMEOUT.toNanos();
        // read_committed: the end of what is committed, which every request taken is below.
        long end = Math.min(offsets.last() + 1, consumer.endOffsets(List.of(tp)).get(tp));
        while (found.size() < offsets.size() && consumer.position(tp) < end) {
          if (System.nanoTime() > until) {
            throw new TimeoutException(
                "could not read the requests in flight at "
                    + tp
                    + " "
                    + offsets
                    + " within "
                    + TIMEOUT.toSeconds()
                    + " s");
          }
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (offsets.contains(r.offset())) {
              found.put(
                  r.offset(),
                  new IncomingRecord(
                      r.key(),
                      r.value(),
                      r.headers(),
                      r.topic(),
                      r.partition(),
                      r.offset(),
                      r.timestamp()));
            }
          }
        }
      }
      return found;
    };
  }
}
