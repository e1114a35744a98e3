package dev.i2i.streamer.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/** The translation service's topology: requests in, one result or one dead letter out each. */
public final class TranslationTopology {
  private TranslationTopology() {}

  /** The topology for records of at most the Kafka client's default size. */
  public static Topology buildTopology(Topics topics, RequestHandler handler) {
    return buildTopology(
        topics, handler, dev.i2i.streamer.kafka.KafkaSettings.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * @param maxRecordBytes the largest record the service's producer sends; requests in flight are
   *     kept in a changelogged store when they fit in such a record
   */
  public static Topology buildTopology(Topics topics, RequestHandler handler, int maxRecordBytes) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PendingRecords.STORE),
                Serdes.Long(),
                Serdes.ByteArray())
            .withCachingDisabled()
            .withLoggingEnabled(Map.of("max.message.bytes", Integer.toString(maxRecordBytes))));
    long maxStored = maxRecordBytes - 1024L; // room for the changelog record's own overhead
    builder
        // Requests as raw bytes: Avro or plain image files, told apart by the handler.
        .stream(topics.requests(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        // Decode, validate, translate: exactly one outcome per request.
        .process(() -> new TranslateProcessor(handler, maxStored), PendingRecords.STORE)
        // Results to the results topic, failures to the dead-letter topic.
        .to(
            (key, outcome, ctx) ->
                outcome instanceof Outcome.DeadLetter ? topics.deadLetters() : topics.results(),
            Produced.with(Serdes.String(), Outcome.SERDE));
    return builder.build();
  }
}
