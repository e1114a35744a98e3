package dev.i2i.streamer.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What one request became: a result or a dead letter, with its key, value bytes and headers.
 *
 * @param deadLetter true for a dead letter
 * @param key the request id (or the source position when none could be read)
 * @param value the encoded result or dead letter
 * @param headers metadata for raw-mode readers
 */
public record Outcome(boolean deadLetter, String key, byte[] value, Headers headers) {
  /** Writes only the value bytes; outcomes are never read back from a topic. */
  public static final Serde<Outcome> SERDE =
      Serdes.serdeFrom(
          (topic, o) -> o == null ? null : o.value(),
          (topic, bytes) -> {
            throw new UnsupportedOperationException("outcomes are write-only");
          });

  public static Outcome result(String key, byte[] value) {
    return new Outcome(false, key, value, new RecordHeaders());
  }

  public static Outcome deadLetter(String key, byte[] value) {
    return new Outcome(true, key, value, new RecordHeaders());
  }
}
