package dev.i2i.streamer.topology;

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
}
