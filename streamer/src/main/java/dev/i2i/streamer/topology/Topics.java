package dev.i2i.streamer.topology;

import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.registry.SchemaRegistry;

/**
 * The topics the service reads and writes.
 *
 * @param requests images to translate (Avro {@code TranslationRequest} or raw image bytes)
 * @param results translated images
 * @param deadLetters every request that could not be translated, with its reason
 */
public record Topics(String requests, String results, String deadLetters) {
  public static final Topics DEFAULT =
      new Topics("i2i.requests", "i2i.results", "i2i.dead-letters");

  public Topics {
    for (String t : new String[] {requests, results, deadLetters}) {
      if (t == null || !t.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("'" + t + "' is not a valid Kafka topic name");
      }
    }
  }

  /**
   * The codecs for these topics: Avro single-object encoding, and with {@code registry} (may be
   * null) Confluent's framing under the subjects {@code <topic>-value}.
   */
  public WireCodecs codecs(SchemaRegistry registry) {
    return WireCodecs.of(registry, requests, results, deadLetters);
  }
}
