package dev.i2i.streamer.topology;

import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.Timings;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.streamer.image.BadImageException;
import dev.i2i.streamer.image.ImageDecoder;
import dev.i2i.streamer.image.ImageEncoder;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.ModelLease;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one request record into exactly one outcome: a translated image, or a dead letter with a
 * reason code, a detail for people and the original bytes. Never throws for a bad record, so a bad
 * record can never stop a stream thread. Safe to share between threads.
 */
public final class RequestHandler {
  /**
   * How requests are handled.
   *
   * @param defaultModel model for raw requests without an {@code i2i-model} header (may be null)
   * @param maxPixels largest width*height accepted, checked on the header before decoding
   * @param maxResultBytes largest result value the results topic takes
   * @param encoder output image format
   */
  public record Settings(
      String defaultModel, long maxPixels, int maxResultBytes, ImageEncoder encoder) {
    public Settings {
      if (maxPixels < 1 || maxResultBytes < 1024) {
        throw new IllegalArgumentException("max pixels must be >= 1 and max result bytes >= 1024");
      }
    }
  }

  private static final ThreadLocal<AvroCodec<TranslationRequest>> REQUESTS =
      ThreadLocal.withInitial(AvroCodec::requests);
  private static final ThreadLocal<AvroCodec<TranslationResult>> RESULTS =
      ThreadLocal.withInitial(AvroCodec::results);
  private static final ThreadLocal<AvroCodec<DeadLetter>> DEAD_LETTERS =
      ThreadLocal.withInitial(AvroCodec::deadLetters);

  private final ModelLookup models;
  private final Settings settings;
  private final ImageDecoder decoder;
  private final Metrics metrics;
  private final Samples samples;

  /** Receives translated pairs (for the web gallery); it decides itself which to keep. */
  @FunctionalInterface
  public interface Samples {
    void offer(
        String requestId, String model, int version, BufferedImage before, BufferedImage after);
  }

  public RequestHandler(ModelLookup models, Settings settings, Metrics metrics) {
    this(models, settings, metrics, (id, m, v, b, a) -> {});
  }

  public RequestHandler(ModelLookup models, Settings settings, Metrics metrics, Samples samples) {
    this.models = models;
    this.settings = settings;
    this.metrics = metrics;
    this.samples = samples;
    this.decoder = new ImageDecoder(settings.maxPixels());
  }

  /** Why a request failed; turned into a dead letter by {@link #handle}. */
  private static final class Failure extends Exception {
    final FailureReason reason;

    Failure(FailureReason reason, String detail) {
      super(detail);
      this.reason = reason;
    }
  }

  public Outcome handle(IncomingRecord in) {
    // The key is the request id for raw requests and for our publishers' Avro ones; the Avro
    // record's own id replaces it once it is read.
    String id = in.key() != null ? new String(in.key(), StandardCharsets.UTF_8) : null;
    try {
      long start = System.nanoTime();
      double queueMs = Math.max(0, System.currentTimeMillis() - in.timestamp());
      byte[] value = in.value();
      if (value == null || value.length == 0) {
        throw new Failure(FailureReason.EMPTY_VALUE, "the record has no value");
      }
      boolean avro = AvroCodec.isSingleObject(value);
      byte[] image;
      String modelName;
      Map<String, String> attributes = Map.of();
      if (avro) {
        TranslationRequest req;
        try {
          req = REQUESTS.get().decode(value);
        } catch (IOException e) {
          throw new Failure(FailureReason.MALFORMED_RECORD, e.getMessage());
        }
        id = req.getId();
        modelName = req.getModel();
        image = bytes(req.getImage());
        attributes = req.getAttributes();
      } else {
        id = id != null ? id : position(in);
        String header = WireHeaders.get(in.headers(), WireHeaders.MODEL);
        modelName = header != null ? header : settings.defaultModel();
        image = value;
        if (modelName == null) {
          throw new Failure(
              FailureReason.UNKNOWN_MODEL,
              "raw request without an "
                  + WireHeaders.MODEL
                  + " header, and the service has no default model");
        }
      }
      Optional<ModelLease> lease = models.acquire(modelName, id);
      if (lease.isEmpty()) {
        throw new Failure(
            FailureReason.UNKNOWN_MODEL,
            "model '" + modelName + "' is not served here; served: " + models.names());
      }
      ServedModel model = lease.get().model();
      long t0 = System.nanoTime();
      long t1;
      BufferedImage output;
      BufferedImage input;
      // The lease keeps this version's session open even if a deployment swaps it out meanwhile.
      try (ModelLease held = lease.get()) {
        try {
          input = decoder.decode(image).image();
        } catch (BadImageException e) {
          throw new Failure(e.reason(), e.getMessage());
        }
        t1 = System.nanoTime();
        try {
          output = model.translator().translate(input);
        } catch (Exception | LinkageError e) {
          throw new Failure(
              FailureReason.INFERENCE_ERROR,
              model.name() + " v" + model.version() + " failed: " + e);
        }
      }
      String size =
          avro
              ? attributes.get(OutputSize.ATTRIBUTE)
              : WireHeaders.get(in.headers(), WireHeaders.OUTPUT_SIZE);
      if (size != null) {
        try {
          output = OutputSize.resize(output, size);
        } catch (IllegalArgumentException e) {
          throw new Failure(FailureReason.MALFORMED_RECORD, e.getMessage());
        }
      }
      long t2 = System.nanoTime();
      byte[] encoded = settings.encoder().encode(output);
      long t3 = System.nanoTime();
      Timings timings = new Timings(queueMs, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
      Outcome out;
      if (avro) {
        TranslationResult result =
            new TranslationResult(
                id,
                model.name(),
                model.version(),
                ByteBuffer.wrap(encoded),
                settings.encoder().contentType(),
                output.getWidth(),
                output.getHeight(),
                timings,
                attributes);
        out = Outcome.result(id, RESULTS.get().encode(result));
      } else {
        out = Outcome.result(id, encoded);
      }
      if (out.value().length > settings.maxResultBytes()) {
        throw new Failure(
            FailureReason.RESULT_TOO_LARGE,
            String.format(
                "the %dx%d result is %,d bytes, over the results topic's limit of %,d",
                output.getWidth(),
                output.getHeight(),
                out.value().length,
                settings.maxResultBytes()));
      }
      WireHeaders.put(out.headers(), WireHeaders.FORMAT, avro ? "avro" : "raw");
      WireHeaders.put(out.headers(), WireHeaders.REQUEST_ID, id);
      WireHeaders.put(out.headers(), WireHeaders.MODEL, model.name());
      WireHeaders.put(out.headers(), WireHeaders.MODEL_VERSION, model.version());
      WireHeaders.put(out.headers(), WireHeaders.CONTENT_TYPE, settings.encoder().contentType());
      WireHeaders.put(out.headers(), WireHeaders.WIDTH, output.getWidth());
      WireHeaders.put(out.headers(), WireHeaders.HEIGHT, output.getHeight());
      WireHeaders.put(out.headers(), WireHeaders.INFERENCE_MS, String.format("%.1f", ms(t2 - t1)));
      record(model, queueMs / 1e3, t1 - t0, t2 - t1, t3 - t2, start);
      samples.offer(id, model.name(), model.version(), input, output);
      return out;
    } catch (Failure f) {
      return deadLetter(in, id, f.reason, f.getMessage());
    } catch (RuntimeException | OutOfMemoryError e) {
      // Anything unforeseen is still one dead letter, never a dead stream thread.
      return deadLetter(in, id, FailureReason.INFERENCE_ERROR, "unexpected error: " + e);
    }
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

  private Outcome deadLetter(IncomingRecord in, String id, FailureReason reason, String detail) {
    metrics.inc(
        "i2i_dead_letters_total",
        "Requests sent to the dead-letter topic",
        "reason",
        reason.toString());
    byte[] original = in.value() == null ? new byte[0] : in.value();
    DeadLetter dl =
        new DeadLetter(
            id,
            reason,
            detail,
            in.topic(),
            in.partition(),
            in.offset(),
            ByteBuffer.wrap(original),
            Instant.now());
    String key = id != null ? id : position(in);
    Outcome out = Outcome.deadLetter(key, DEAD_LETTERS.get().encode(dl));
    WireHeaders.put(out.headers(), WireHeaders.REQUEST_ID, key);
    WireHeaders.put(out.headers(), WireHeaders.REASON, reason);
    WireHeaders.put(out.headers(), WireHeaders.DETAIL, detail);
    return out;
  }

  private static String position(IncomingRecord in) {
    return in.topic() + "-" + in.partition() + "-" + in.offset();
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
}
