package dev.i2i.streamer.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What one request became, exactly one of: a {@link Result} for the results topic, or a {@link
 * DeadLetter} for the dead-letter topic; each with its key (the request id, or the source position
 * when none could be read), value bytes and headers (metadata for raw-mode readers).
 */
public sealed interface Outcome permits Outcome.Result, Outcome.DeadLetter {
  /** Writes only the value bytes; outcomes are never read back from a topic. */
  Serde<Outcome> SERDE =
      Serdes.serdeFrom(
          (topic, o) -> o == null ? null : o.value(),
          (topic, bytes) -> {
            throw new UnsupportedOperationException("outcomes are write-only");
          });

  String key();

  byte[] value();

  Headers headers();

  /** True for a dead letter. */
  default boolean deadLetter() {
    return this instanceof DeadLetter;
  }

  /** A translated image (an encoded result record, or the image itself for raw requests). */
  record Result(String key, byte[] value, Headers headers) implements Outcome {}

  /** A request that could not be translated, encoded as a dead-letter record. */
  record DeadLetter(String key, byte[] value, Headers headers) implements Outcome {}

  static Outcome result(String key, byte[] value) {
    return new Result(key, value, new RecordHeaders());
  }

  static Outcome deadLetter(String key, byte[] value) {
    return new DeadLetter(key, value, new RecordHeaders());
  }
}
