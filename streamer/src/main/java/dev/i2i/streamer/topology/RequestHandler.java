package dev.i2i.streamer.topology;

import dev.i2i.runtime.image.BadImageException;
import dev.i2i.runtime.image.ImageDecoder;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.Timings;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.streamer.kafka.RecordLimits;
import dev.i2i.streamer.kafka.RecordSize;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.ModelLease;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one request record into exactly one outcome: a translated image, or a dead letter with a
 * reason code, a detail for people and the original bytes. Every cost is checked before it is paid
 * (header pixels, the padded tensor, the requested output size, the deadline) and every outcome is
 * sized against its topic's real limit, so no record, whatever its size or content, can stop a
 * stream thread. Safe to share between threads.
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
   */
  public record Settings(
      String defaultModel, long maxPixels, Duration deadline, ImageEncoder encoder) {
    public Settings {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("max pixels must be >= 1, got " + maxPixels);
      }
      if (deadline == null || deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("the request deadline must be positive: " + deadline);
      }
    }
  }

  private static final ThreadLocal<AvroCodec<TranslationRequest>> REQUESTS =
      ThreadLocal.withInitial(AvroCodec::requests);
  private static final ThreadLocal<AvroCodec<TranslationResult>> RESULTS =
      ThreadLocal.withInitial(AvroCodec::results);

  private final ModelLookup models;
  private final Settings settings;
  private final RecordLimits limits;
  private final ImageDecoder decoder;
  private final Metrics metrics;
  private final Samples samples;
  private final Deadline deadline;
  private final DeadLetters deadLetters;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Receives translated pairs (for the web gallery); it decides itself which to keep. */
  @FunctionalInterface
  public interface Samples {
    void offer(
        String requestId, String model, int version, BufferedImage before, BufferedImage after);
  }

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
    this.models = models;
    this.settings = settings;
    this.limits = limits;
    this.metrics = metrics;
    this.samples = samples;
    this.decoder = new ImageDecoder(settings.maxPixels());
    this.deadline = new Deadline(settings.deadline());
    this.deadLetters = new DeadLetters(limits.deadLetters(), metrics);
  }

  /** Requests being handled right now, for health. */
  public int inFlight() {
    return inFlight.get();
  }

  public Outcome handle(IncomingRecord in) {
    inFlight.incrementAndGet();
    try {
      return handleOne(in);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private Outcome handleOne(IncomingRecord in) {
    // The key is the request id for raw requests and for our publishers' Avro ones; the Avro
    // record's own id replaces it once it is read.
    String id =
        in.key() == null || in.key().length > MAX_ID_BYTES
            ? null
            : new String(in.key(), StandardCharsets.UTF_8);
    try {
      long start = System.nanoTime();
      double queueMs = Math.max(0, System.currentTimeMillis() - in.timestamp());
      ParsedRequest req = parse(in);
      id = req.id();
      int[] outputSize = outputSize(req);
      Optional<ModelLease> lease = models.acquire(req.model(), id);
      if (lease.isEmpty()) {
        throw new RequestFailure(
            FailureReason.UNKNOWN_MODEL,
            "model '" + req.model() + "' is not served here; served: " + models.names());
      }
      ServedModel model = lease.get().model();
      // The worker owns the lease: a version swapped out meanwhile stays open until it returns,
      // also when the deadline passed and the stream thread has moved on.
      Translated t =
          deadline.run(
              () -> {
                try (ModelLease held = lease.get()) {
                  return translate(model, req.image(), outputSize);
                }
              },
              worker -> model.translator().cancel(worker));
      long t0 = System.nanoTime();
      byte[] encoded = settings.encoder().encode(t.output());
      long encodeNs = System.nanoTime() - t0;
      Timings timings = new Timings(queueMs, ms(t.decodeNs()), ms(t.inferNs()), ms(encodeNs));
      Outcome out = result(req, model, t.output(), encoded, timings);
      long size = RecordSize.of(out.key(), out.value(), out.headers());
      if (!limits.fitsResults(size)) {
        throw new RequestFailure(
            FailureReason.RESULT_TOO_LARGE,
            String.format(
                "the %dx%d result is %,d bytes as a record, over the results topic's limit of %,d"
                    + " (ask for a smaller i2i-output-size, or start the service with"
                    + " --output-format jpeg)",
                t.output().getWidth(), t.output().getHeight(), size, limits.results()));
      }
      record(model, queueMs / 1e3, t.decodeNs(), t.inferNs(), encodeNs, start);
      samples.offer(id, model.name(), model.version(), t.input(), t.output());
      return out;
    } catch (RequestFailure f) {
      return deadLetters.of(in, id, f.reason, f.getMessage());
    } catch (RuntimeException | OutOfMemoryError e) {
      // Anything unforeseen is still one dead letter, never a dead stream thread.
      return deadLetters.of(in, id, FailureReason.INFERENCE_ERROR, "unexpected error: " + e);
    }
  }

  /** Reads the request: Avro (told by its single-object header) or a raw image file. */
  private ParsedRequest parse(IncomingRecord in) throws RequestFailure {
    byte[] value = in.value();
    if (value == null || value.length == 0) {
      throw new RequestFailure(FailureReason.EMPTY_VALUE, "the record has no value");
    }
    if (in.key() != null && in.key().length > MAX_ID_BYTES) {
      throw new RequestFailure(
          FailureReason.MALFORMED_RECORD,
          "the key (request id) is " + in.key().length + " bytes, over " + MAX_ID_BYTES);
    }
    if (AvroCodec.isSingleObject(value)) {
      TranslationRequest req;
      try {
        req = REQUESTS.get().decode(value);
      } catch (IOException e) {
        throw new RequestFailure(FailureReason.MALFORMED_RECORD, e.getMessage());
      }
      if (req.getId().getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
        throw new RequestFailure(
            FailureReason.MALFORMED_RECORD, "the request id is over " + MAX_ID_BYTES + " bytes");
      }
      Map<String, String> attributes = req.getAttributes();
      return new ParsedRequest(
          req.getId(),
          req.getModel(),
          bytes(req.getImage()),
          attributes.get(OutputSize.ATTRIBUTE),
          attributes,
          true);
    }
    String id =
        in.key() != null ? new String(in.key(), StandardCharsets.UTF_8) : DeadLetters.position(in);
    String header = WireHeaders.get(in.headers(), WireHeaders.MODEL);
    String model = header != null ? header : settings.defaultModel();
    if (model == null) {
      throw new RequestFailure(
          FailureReason.UNKNOWN_MODEL,
          "raw request without an "
              + WireHeaders.MODEL
              + " header, and the service has no default model");
    }
    return new ParsedRequest(
        id, model, value, WireHeaders.get(in.headers(), WireHeaders.OUTPUT_SIZE), Map.of(), false);
  }

  /** The requested output size, checked against the pixel budget before any work is done. */
  private int[] outputSize(ParsedRequest req) throws RequestFailure {
    if (req.outputSize() == null) {
      return null;
    }
    int[] size;
    try {
      size = OutputSize.parse(req.outputSize());
    } catch (IllegalArgumentException e) {
      throw new RequestFailure(FailureReason.MALFORMED_RECORD, e.getMessage());
    }
    if ((long) size[0] * size[1] > settings.maxPixels()) {
      throw new RequestFailure(
          FailureReason.OUTPUT_SIZE_REFUSED,
          String.format(
              "the requested output size %dx%d is %,d pixels, over the limit of %,d",
              size[0], size[1], (long) size[0] * size[1], settings.maxPixels()));
    }
    return size;
  }

  /** What the worker produced: both images and the time each stage took. */
  private record Translated(
      BufferedImage input, BufferedImage output, long decodeNs, long inferNs) {}

  /** Decode, check the padded tensor's size, infer, resize: the heavy part, on a worker. */
  private Translated translate(ServedModel model, byte[] image, int[] outputSize)
      throws RequestFailure {
    long t0 = System.nanoTime();
    BufferedImage input;
    try {
      input = decoder.decode(image).image();
    } catch (BadImageException e) {
      throw new RequestFailure(e.reason(), e.getMessage());
    }
    long t1 = System.nanoTime();
    long work = model.translator().workPixels(input.getWidth(), input.getHeight());
    if (work > 2 * settings.maxPixels()) {
      throw new RequestFailure(
          FailureReason.TOO_MANY_PIXELS,
          String.format(
              "the %dx%d image needs a tensor of %,d pixels once padded to %s's input size, over"
                  + " the limit of %,d",
              input.getWidth(), input.getHeight(), work, model.name(), 2 * settings.maxPixels()));
    }
    BufferedImage output;
    try {
      output = model.translator().translate(input);
    } catch (Exception | LinkageError e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new RequestFailure(FailureReason.DEADLINE_EXCEEDED, "cancelled at the deadline");
      }
      throw new RequestFailure(
          FailureReason.INFERENCE_ERROR, model.name() + " v" + model.version() + " failed: " + e);
    }
    if (outputSize != null) {
      output = OutputSize.resize(output, outputSize);
    }
    return new Translated(input, output, t1 - t0, System.nanoTime() - t1);
  }

  private Outcome result(
      ParsedRequest req, ServedModel model, BufferedImage output, byte[] encoded, Timings timings) {
    Outcome out;
    if (req.avro()) {
      TranslationResult result =
          new TranslationResult(
              req.id(),
              model.name(),
              model.version(),
              ByteBuffer.wrap(encoded),
              settings.encoder().contentType(),
              output.getWidth(),
              output.getHeight(),
              timings,
              req.attributes());
      out = Outcome.result(req.id(), RESULTS.get().encode(result));
    } else {
      out = Outcome.result(req.id(), encoded);
    }
    WireHeaders.put(out.headers(), WireHeaders.FORMAT, req.avro() ? "avro" : "raw");
    WireHeaders.put(out.headers(), WireHeaders.REQUEST_ID, req.id());
    WireHeaders.put(out.headers(), WireHeaders.MODEL, model.name());
    WireHeaders.put(out.headers(), WireHeaders.MODEL_VERSION, model.version());
    WireHeaders.put(out.headers(), WireHeaders.CONTENT_TYPE, settings.encoder().contentType());
    WireHeaders.put(out.headers(), WireHeaders.WIDTH, output.getWidth());
    WireHeaders.put(out.headers(), WireHeaders.HEIGHT, output.getHeight());
    WireHeaders.put(
        out.headers(), WireHeaders.INFERENCE_MS, String.format("%.1f", timings.getInferenceMs()));
    return out;
  }

  private void record(
      ServedModel m, double queueS, long decodeNs, long inferNs, long encodeNs, long start) {
    String v = Integer.toString(m.version());
    metrics.inc("i2i_results_total", "Requests translated", "model", m.name(), "version", v);
    String help = "Time per request by stage, seconds";
    String name = "i2i_stage_seconds";
    metrics.observe(name, help, queueS, "stage", "queue");
    metrics.observe(name, help, decodeNs / 1e9, "stage", "decode");
    metrics.observe(name, help, encodeNs / 1e9, "stage", "encode");
    metrics.observe(
        "i2i_inference_seconds",
        "ONNX Runtime time per request, by model version",
        inferNs / 1e9,
        "model",
        m.name(),
        "version",
        v);
    metrics.observe(
        "i2i_processing_seconds",
        "Decode to encoded result, seconds",
        (System.nanoTime() - start) / 1e9);
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  @Override
  public void close() {
    deadline.close();
  }
}
