package dev.i2i.streamer.topology;

import dev.i2i.runtime.image.BadImageException;
import dev.i2i.runtime.image.ImageDecoder;
import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.WireCodecs.Framing;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.Timings;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.schemas.registry.SchemaRegistryException;
import dev.i2i.streamer.kafka.RecordLimits;
import dev.i2i.streamer.kafka.RecordSize;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.ModelLease;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The work of a request, in three stages the pipeline runs on its threads: {@link #prepare} (read
 * the record, check every cost before paying it, lease the model, decode), {@link #infer} (one
 * inference call for a batch) and {@link #finish} (resize, encode, build and size the result). Each
 * stage that fails completes the request with a dead letter. Safe to share between threads.
 */
final class RequestStages {
  private final ModelLookup models;
  private final RequestHandler.Settings settings;
  private final RecordLimits limits;
  private final ImageDecoder decoder;
  private final Metrics metrics;
  private final RequestHandler.Samples samples;
  private final DeadLetters deadLetters;
  private final WireCodecs codecs;

  /**
   * Padded pixels of all requests between decode and encode: one request of the largest allowed
   * size always fits, several only when they are small, so memory stays bounded however many are in
   * flight.
   */
  private final Semaphore pixelBudget;

  private final int budgetPermits;

  RequestStages(
      ModelLookup models,
      RequestHandler.Settings settings,
      RecordLimits limits,
      Metrics metrics,
      RequestHandler.Samples samples,
      WireCodecs codecs) {
    this.models = models;
    this.codecs = codecs;
    this.settings = settings;
    this.limits = limits;
    this.metrics = metrics;
    this.samples = samples;
    this.decoder = new ImageDecoder(settings.maxPixels());
    this.deadLetters = new DeadLetters(limits.deadLetters(), metrics, codecs);
    this.budgetPermits = (int) Math.min(Integer.MAX_VALUE, 2 * settings.maxPixels());
    this.pixelBudget = new Semaphore(budgetPermits);
  }

  /** Completes the request with a dead letter (unless it is already complete) and releases it. */
  void fail(InFlightRequest r, FailureReason reason, String detail) {
    if (!r.done()) {
      r.outcome.complete(deadLetters.of(r.in, r.id, reason, detail));
    }
    r.release();
  }

  /**
   * Completes the request with a deadline dead letter, unless it is complete already. What it holds
   * stays held: the stage working on it releases it when it returns.
   */
  void expire(InFlightRequest r, String detail) {
    if (!r.done()) {
      r.outcome.complete(deadLetters.of(r.in, r.id, FailureReason.DEADLINE_EXCEEDED, detail));
    }
  }

  /** Reads, checks and decodes; afterwards the request either waits for inference or is done. */
  void prepare(InFlightRequest r) {
    IncomingRecord in = r.in;
    // The key is the request id for raw requests and for our publishers' Avro ones; the Avro
    // record's own id replaces it once it is read.
    r.id =
        in.key() == null || in.key().length > RequestHandler.MAX_ID_BYTES
            ? null
            : new String(in.key(), StandardCharsets.UTF_8);
    try {
      r.queueMs = Math.max(0, System.currentTimeMillis() - in.timestamp());
      r.request = parse(in);
      r.id = r.request.id();
      r.outputSize = outputSize(r.request);
      Optional<ModelLease> lease = models.acquire(r.request.model(), r.id);
      if (lease.isEmpty()) {
        throw new RequestFailure(
            FailureReason.UNKNOWN_MODEL,
            "model '" + r.request.model() + "' is not served here; served: " + models.names());
      }
      r.hold(lease.get());
      decode(r);
    } catch (RequestFailure f) {
      fail(r, f.reason, f.getMessage());
    } catch (RuntimeException | OutOfMemoryError e) {
      // Anything unforeseen is still one dead letter, never a dead stream thread.
      fail(r, FailureReason.INFERENCE_ERROR, "unexpected error: " + e);
    }
  }

  private void decode(InFlightRequest r) throws RequestFailure {
    long t0 = System.nanoTime();
    BufferedImage input;
    try {
      input = decoder.decode(r.request.image()).image();
    } catch (BadImageException e) {
      throw new RequestFailure(e.reason(), e.getMessage());
    }
    r.decodeNanos = System.nanoTime() - t0;
    long work = r.model.translator().workPixels(input.getWidth(), input.getHeight());
    if (work > budgetPermits) {
      throw new RequestFailure(
          FailureReason.TOO_MANY_PIXELS,
          String.format(
              "the %dx%d image needs a tensor of %,d pixels once padded to %s's input size, over"
                  + " the limit of %,d",
              input.getWidth(), input.getHeight(), work, r.model.name(), budgetPermits));
    }
    try {
      while (!pixelBudget.tryAcquire((int) work, 50, TimeUnit.MILLISECONDS)) {
        if (r.done()) {
          return; // past its deadline while waiting: nothing was taken
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestFailure(FailureReason.DEADLINE_EXCEEDED, "interrupted while waiting");
    }
    r.hold(pixelBudget, (int) work);
    r.input = input;
  }

  /**
   * Translates a batch (same model, same size) in one call; every request in it either gets its
   * output or is completed with a dead letter. Leases are released afterwards.
   */
  void infer(List<InFlightRequest> batch) {
    InFlightRequest first = batch.get(0);
    ServedModel model = first.model;
    long t0 = System.nanoTime();
    try {
      List<BufferedImage> inputs = new ArrayList<>(batch.size());
      for (InFlightRequest r : batch) {
        inputs.add(r.input);
      }
      List<BufferedImage> outputs = model.translator().translateAll(inputs);
      long each = (System.nanoTime() - t0) / batch.size();
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).output = outputs.get(i);
        batch.get(i).inferNanos = each;
      }
    } catch (Exception | LinkageError | OutOfMemoryError e) {
      boolean cancelled = Thread.currentThread().isInterrupted();
      for (InFlightRequest r : batch) {
        if (cancelled) {
          fail(r, FailureReason.DEADLINE_EXCEEDED, "cancelled at the deadline");
        } else {
          fail(
              r,
              FailureReason.INFERENCE_ERROR,
              model.name() + " v" + model.version() + " failed: " + e);
        }
      }
    } finally {
      for (InFlightRequest r : batch) {
        r.releaseModel();
      }
    }
  }

  /** Resizes, encodes, builds and sizes the result; completes the request either way. */
  void finish(InFlightRequest r) {
    try {
      if (r.done() || r.output == null) {
        return;
      }
      BufferedImage output =
          r.outputSize == null ? r.output : OutputSize.resize(r.output, r.outputSize);
      long t0 = System.nanoTime();
      byte[] encoded = settings.encoder().encode(output);
      long encodeNs = System.nanoTime() - t0;
      Timings timings = new Timings(r.queueMs, ms(r.decodeNanos), ms(r.inferNanos), ms(encodeNs));
      Outcome out = result(r.request, r.model, output, encoded, timings);
      long size = RecordSize.of(out.key(), out.value(), out.headers());
      if (!limits.fitsResults(size)) {
        fail(
            r,
            FailureReason.RESULT_TOO_LARGE,
            String.format(
                "the %dx%d result is %,d bytes as a record, over the results topic's limit of %,d"
                    + " (ask for a smaller i2i-output-size, or start the service with"
                    + " --output-format jpeg)",
                output.getWidth(), output.getHeight(), size, limits.results()));
        return;
      }
      if (r.outcome.complete(out)) {
        record(r, encodeNs);
        samples.offer(r.id, r.model.name(), r.model.version(), r.input, output);
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      fail(r, FailureReason.INFERENCE_ERROR, "unexpected error: " + e);
    } finally {
      r.release();
    }
  }

  /** Reads the request: Avro (told by its single-object header) or a raw image file. */
  private ParsedRequest parse(IncomingRecord in) throws RequestFailure {
    byte[] value = in.value();
    if (value == null || value.length == 0) {
      throw new RequestFailure(FailureReason.EMPTY_VALUE, "the record has no value");
    }
    if (in.key() != null && in.key().length > RequestHandler.MAX_ID_BYTES) {
      throw new RequestFailure(
          FailureReason.MALFORMED_RECORD,
          "the key (request id) is "
              + in.key().length
              + " bytes, over "
              + RequestHandler.MAX_ID_BYTES);
    }
    Framing framing = codecs.framing(value);
    if (framing != Framing.RAW) {
      TranslationRequest req;
      try {
        req = codecs.decodeRequest(value);
      } catch (SchemaRegistryException e) {
        throw new RequestFailure(
            e.unavailable()
                ? FailureReason.SCHEMA_REGISTRY_UNAVAILABLE
                : FailureReason.MALFORMED_RECORD,
            e.getMessage());
      } catch (IOException e) {
        throw new RequestFailure(FailureReason.MALFORMED_RECORD, e.getMessage());
      }
      if (req.getId().getBytes(StandardCharsets.UTF_8).length > RequestHandler.MAX_ID_BYTES) {
        throw new RequestFailure(
            FailureReason.MALFORMED_RECORD,
            "the request id is over " + RequestHandler.MAX_ID_BYTES + " bytes");
      }
      Map<String, String> attributes = req.getAttributes();
      return new ParsedRequest(
          req.getId(),
          req.getModel(),
          bytes(req.getImage()),
          attributes.get(OutputSize.ATTRIBUTE),
          attributes,
          framing);
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
        id,
        model,
        value,
        WireHeaders.get(in.headers(), WireHeaders.OUTPUT_SIZE),
        Map.of(),
        Framing.RAW);
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

  private Outcome result(
      ParsedRequest req, ServedModel model, BufferedImage output, byte[] encoded, Timings timings) {
    Outcome out;
    boolean avro = req.framing() != Framing.RAW;
    if (avro) {
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
      out = Outcome.result(req.id(), codecs.encodeResult(result, req.framing()));
    } else {
      out = Outcome.result(req.id(), encoded);
    }
    WireHeaders.put(out.headers(), WireHeaders.FORMAT, avro ? "avro" : "raw");
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

  private void record(InFlightRequest r, long encodeNs) {
    ServedModel m = r.model;
    String v = Integer.toString(m.version());
    metrics.inc(Meters.RESULTS, m.name(), v);
    metrics.observe(Meters.STAGE, r.queueMs / 1e3, "queue");
    metrics.observe(Meters.STAGE, r.decodeNanos / 1e9, "decode");
    metrics.observe(Meters.STAGE, encodeNs / 1e9, "encode");
    metrics.observe(Meters.INFERENCE, r.inferNanos / 1e9, m.name(), v);
    metrics.observe(Meters.PROCESSING, (System.nanoTime() - r.startNanos) / 1e9);
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
