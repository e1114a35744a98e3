package dev.i2i.streamer.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The translation service's topology: requests in, one result or one dead letter out each. */
public final class TranslationTopology {
  private TranslationTopology() {}

  public static Topology buildTopology(Topics topics, RequestHandler handler) {
    StreamsBuilder builder = new StreamsBuilder();
    builder
        // Requests as raw bytes: Avro or plain image files, told apart by the handler.
        .stream(topics.requests(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        // Decode, validate, translate: exactly one outcome per request.
        .process(() -> new TranslateProcessor(handler))
        // Results to the results topic, failures to the dead-letter topic.
        .to(
            (key, outcome, ctx) -> outcome.deadLetter() ? topics.deadLetters() : topics.results(),
            Produced.with(Serdes.String(), Outcome.SERDE));
    return builder.build();
  }
}
