package dev.i2i.streamer.client;

import dev.i2i.schemas.avro.Timings;

/**
 * One record read back from the results or dead-letter topic.
 *
 * @param requestId the request id
 * @param deadLetter true when the request failed
 * @param model model name (results)
 * @param modelVersion model version that made it (results)
 * @param image the translated image bytes (results) or the original bytes (dead letters)
 * @param width result width
 * @param height result height
 * @param timings where the service spent the request's time (results; for a raw result only its
 *     inference is known, the other stages are NaN), or null (dead letters)
 * @param reason failure reason (dead letters)
 * @param detail failure detail (dead letters)
 * @param latencyMs from the request's timestamp to the outcome's
 * @param partition partition of the results or dead-letter topic it was read from
 * @param timestamp the outcome record's timestamp (epoch milliseconds)
 */
public record Received(
    String requestId,
    boolean deadLetter,
    String model,
    int modelVersion,
    byte[] image,
    int width,
    int height,
    Timings timings,
    String reason,
    String detail,
    long latencyMs,
    int partition,
    long timestamp) {
  /** The same outcome without its image bytes, for a caller that keeps only what it says. */
  public Received withoutImage() {
    return new Received(
        requestId,
        deadLetter,
        model,
        modelVersion,
        null,
        width,
        height,
        timings,
        reason,
        detail,
        latencyMs,
        partition,
        timestamp);
  }

  /** Inference milliseconds of a result, 0 for a dead letter. */
  public double inferenceMs() {
    return timings == null ? 0 : timings.getInferenceMs();
  }
}
