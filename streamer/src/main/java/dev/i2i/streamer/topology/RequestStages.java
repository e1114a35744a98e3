package dev.i2i.streamer.topology;

import dev.i2i.runtime.image.BadImageException;
import dev.i2i.runtime.image.ImageDecoder;
import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.Timings;
import dev.i2i.streamer.kafka.RecordLimits;
import dev.i2i.streamer.kafka.RecordSize;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.ModelLease;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The work of a request, in three stages the pipeline runs on its threads: {@link #prepare} (read
 * the record with {@link RequestParser}, check every cost before paying it, lease the model,
 * decode), {@link #infer} (one inference call for a batch) and {@link #finish} (resize, encode,
 * build the record with {@link Results} and size it). Each stage ends in the request's {@link
 * Outcome}: a result, or a dead letter from the stage that failed. Safe to share between threads.
 */
final class RequestStages {
  private final ModelLookup models;
  private final RequestHandler.Settings settings;
  private final RecordLimits limits;
  private final ImageDecoder decoder;
  private final Metrics metrics;
  private final RequestHandler.Samples samples;
  private final DeadLetters deadLetters;
  private final RequestParser parser;
  private final Results results;

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
    this.parser = new RequestParser(codecs, settings);
    this.results = new Results(codecs, settings.encoder());
    this.settings = settings;
    this.limits = limits;
    this.metrics = metrics;
    this.samples = samples;
    this.decoder = new ImageDecoder(settings.maxPixels());
    this.deadLetters = new DeadLetters(limits.deadLetters(), metrics, codecs);
    this.budgetPermits = (int) Math.min(Integer.MAX_VALUE, 2 * settings.maxPixels());
    this.pixelBudget = new Semaphore(budgetPermits);
  }

  /** The dead letter of a request that can no longer be read: {@code where} is its position. */
  Outcome gone(IncomingRecord where, String detail) {
    return deadLetters.of(where, null, FailureReason.REQUEST_GONE, detail);
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
      r.request = parser.parse(in);
      r.id = r.request.id();
      r.outputSize = parser.outputSize(r.request);
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
      Outcome out = results.of(r.request, r.model, output, encoded, timings);
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

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
