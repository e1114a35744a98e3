package dev.i2i.streamer.client;

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
 * @param inferenceMs inference time (results)
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
    double inferenceMs,
    String reason,
    String detail,
    long latencyMs,
    int partition,
    long timestamp) {}
