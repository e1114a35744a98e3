package dev.i2i.streamer.topology;

import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.WireCodecs;
import dev.i2i.streamer.kafka.RecordLimits;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.ModelLookup;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Turns each request record into exactly one outcome: a translated image, or a dead letter with a
 * reason code, a detail for people and the original bytes. Every cost is checked before it is paid
 * (header pixels, the padded tensor, the requested output size, the deadline) and every outcome is
 * sized against its topic's real limit, so no record, whatever its size or content, can stop a
 * stream thread. Requests run in a {@link RequestPipeline} (decode, inference, encode on their own
 * threads); safe to share between stream threads.
 */
public final class RequestHandler implements AutoCloseable {
  /** Longest request id accepted: it is echoed in the key, a header and the record. */
  static final int MAX_ID_BYTES = 1024;

  /**
   * How requests are handled.
   *
   * @param defaultModel model for raw requests without an {@code i2i-model} header (may be null)
   * @param maxPixels largest width*height accepted, checked on the header before decoding; the
   *     padded tensor may be at most twice this and a requested output size at most this
   * @param deadline longest time one request may take; past it the request is a dead letter
   * @param encoder output image format
   * @param inFlight requests a stream task works on at once (1: one after the other; more lets
   *     decoding and encoding overlap inference, with where the requests taken but not yet answered
   *     are kept in a changelogged store so a crash loses and repeats none)
   * @param maxBatch most same-size requests translated in one inference call; above 1 it raises
   *     {@code inFlight} to a batch per inference thread
   * @param batchWait longest an inference call waits for a batch to fill
   * @param inferenceThreads inference calls run side by side; each call gets {@link
   *     #intraOpThreads} of the cores
   */
  public record Settings(
      String defaultModel,
      long maxPixels,
      Duration deadline,
      ImageEncoder encoder,
      int inFlight,
      int maxBatch,
      Duration batchWait,
      int inferenceThreads) {
    public Settings {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("max pixels must be >= 1, got " + maxPixels);
      }
      if (deadline == null || deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("the request deadline must be positive: " + deadline);
      }
      if (inFlight < 1 || maxBatch < 1 || inferenceThreads < 1 || batchWait.isNegative()) {
        throw new IllegalArgumentException(
            "--in-flight, --batch-size and --inference-threads must be >= 1, --batch-wait-ms >="
                + " 0");
      }
      if (maxBatch > 1) {
        // Batches fill from the requests in flight: with fewer than a batch per inference thread
        // only one batch runs at a time and the other threads wait (0.69 of the ceiling at batch
        // 4 with 4 in flight on 2 threads).
        inFlight = Math.max(inFlight, maxBatch * inferenceThreads);
      }
    }

    /** One request at a time per task, no batching. */
    public Settings(String defaultModel, long maxPixels, Duration deadline, ImageEncoder encoder) {
      this(defaultModel, maxPixels, deadline, encoder, 1, 1, Duration.ZERO, 1);
    }

    /** Threads one inference call uses: the cores shared among the calls that run at once. */
    public int intraOpThreads() {
      return Math.max(1, Runtime.getRuntime().availableProcessors() / inferenceThreads);
    }
  }

  /** Receives translated pairs (for the web gallery); it decides itself which to keep. */
  @FunctionalInterface
  public interface Samples {
    void offer(
        String requestId, String model, int version, BufferedImage before, BufferedImage after);
  }

  private final Settings settings;
  private final RequestStages stages;
  private final RequestPipeline pipeline;

  public RequestHandler(
      ModelLookup models, Settings settings, RecordLimits limits, Metrics metrics) {
    this(models, settings, limits, metrics, (id, m, v, b, a) -> {});
  }

  public RequestHandler(
      ModelLookup models,
      Settings settings,
      RecordLimits limits,
      Metrics metrics,
      Samples samples) {
    this(models, settings, limits, metrics, samples, WireCodecs.singleObject());
  }

  /** A handler reading and writing Avro with {@code codecs} (a schema registry's framing too). */
  public RequestHandler(
      ModelLookup models,
      Settings settings,
      RecordLimits limits,
      Metrics metrics,
      Samples samples,
      WireCodecs codecs) {
    this.settings = settings;
    this.stages = new RequestStages(models, settings, limits, metrics, samples, codecs);
    this.pipeline =
        new RequestPipeline(
            stages,
            settings.deadline(),
            settings.maxBatch(),
            settings.batchWait(),
            settings.inferenceThreads());
  }

  public Settings settings() {
    return settings;
  }

  /** Requests taken in and not answered yet, for health. */
  public int inFlight() {
    return pipeline.inFlight();
  }

  /** Starts a request; the future completes with its one outcome by the deadline at the latest. */
  public CompletableFuture<Outcome> submit(IncomingRecord in) {
    return pipeline.submit(in);
  }

  /**
   * The outcome of a request that can no longer be read ({@code where} has its position only): a
   * {@code REQUEST_GONE} dead letter.
   */
  Outcome gone(IncomingRecord where, String detail) {
    return stages.gone(where, detail);
  }

  /** Handles one request and waits for its outcome. */
  public Outcome handle(IncomingRecord in) {
    return submit(in).join();
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
