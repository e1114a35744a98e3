package dev.i2i.streamer.topology;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/** The translation service's topology: requests in, one result or one dead letter out each. */
public final class TranslationTopology {
  private TranslationTopology() {}

  /** The topology; requests in flight after a restart are read again from the requests topic. */
  public static Topology buildTopology(Topics topics, RequestHandler handler) {
    return buildTopology(topics, handler, RequestSource::kafka);
  }

  /**
   * @param sources reads requests in flight again from their topic after a restart, given the
   *     application's settings
   */
  static Topology buildTopology(
      Topics topics, RequestHandler handler, Function<Map<String, Object>, RequestSource> sources) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PendingRecords.STORE),
                Serdes.Long(),
                Serdes.ByteArray())
            .withCachingDisabled()
            .withLoggingEnabled(Map.of()));
    builder
        // Requests as raw bytes: Avro or plain image files, told apart by the handler.
        .stream(topics.requests(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        // Decode, validate, translate: exactly one outcome per request.
        .process(() -> new TranslateProcessor(handler, sources), PendingRecords.STORE)
        // Results to the results topic, failures to the dead-letter topic.
        .to(
            (key, outcome, ctx) ->
                outcome instanceof Outcome.DeadLetter ? topics.deadLetters() : topics.results(),
            Produced.with(Serdes.String(), Outcome.SERDE));
    return builder.build();
  }
}
