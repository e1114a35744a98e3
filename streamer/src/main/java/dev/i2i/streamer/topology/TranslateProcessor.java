package dev.i2i.streamer.topology;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the {@link RequestHandler} and forwards its one outcome, in the order the
 * requests came. Up to the handler's {@code inFlight} requests of a task run at once; each is kept
 * in the changelogged {@link PendingRecords#STORE} (where it is in its topic) from the transaction
 * that takes it from the topic to the one that writes its outcome, so after a crash the task that
 * takes over reads it again and answers it, once. Outcomes are forwarded as soon as they are ready
 * (a wall-clock punctuation looks every few milliseconds), and a commit is asked for at once unless
 * the task works at its peak (see {@link #saturated}), so a service below its peak answers without
 * waiting for the commit interval.
 */
final class TranslateProcessor implements Processor<byte[], byte[], String, Outcome> {
  /** How often finished outcomes are looked for between records. */
  static final Duration LOOK_EVERY = Duration.ofMillis(2);

  private static final Logger LOG = LoggerFactory.getLogger(TranslateProcessor.class);

  private record Waiting(Long offset, long timestamp, CompletableFuture<Outcome> outcome) {}

  private final RequestHandler handler;
  private final int inFlight;
  private final Function<Map<String, Object>, RequestSource> sources;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<Long, byte[]> pending;

  /**
   * @param sources reads requests in flight again from their topic, given the application's
   *     settings (after a restart)
   */
  TranslateProcessor(RequestHandler handler, Function<Map<String, Object>, RequestSource> sources) {
    this.handler = handler;
    this.inFlight = handler.settings().inFlight();
    this.sources = sources;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    this.pending = context.getStateStore(PendingRecords.STORE);
    waiting.clear();
    resumePending();
    if (inFlight > 1 || !waiting.isEmpty()) {
      context.schedule(LOOK_EVERY, PunctuationType.WALL_CLOCK_TIME, t -> forwardFinished());
    }
  }

  /**
   * Answers the requests a previous owner took but did not answer (it crashed, or the task moved
   * here), in their order: each is read again from its topic; one that is no longer there becomes a
   * {@code REQUEST_GONE} dead letter.
   */
  private void resumePending() {
    List<PendingRecords.Pending> stored = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> it = pending.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        stored.add(PendingRecords.decode(kv.key, kv.value));
      }
    }
    Map<Long, IncomingRecord> read = readAgain(stored);
    for (PendingRecords.Pending p : stored) {
      IncomingRecord in = p.record() != null ? p.record() : read.get(p.offset());
      CompletableFuture<Outcome> outcome =
          in != null
              ? handler.submit(in)
              : CompletableFuture.completedFuture(
                  handler.gone(
                      p.position(),
                      "taken before a restart, and no longer in "
                          + p.topic()
                          + "-"
                          + p.partition()
                          + " at offset "
                          + p.offset()
                          + " when it was to be answered (retention or deleted records removed"
                          + " it): publish it again"));
      waiting.add(new Waiting(p.offset(), p.timestamp(), outcome));
    }
    if (!stored.isEmpty()) {
      LOG.info(
          "answering {} request(s) taken before a restart at {}-{}, {} of them read again from"
              + " the topic",
          stored.size(),
          stored.get(0).topic(),
          stored.get(0).partition(),
          read.size());
    }
  }

  /** Reads the stored positions again: a task's store holds those of its one input partition. */
  private Map<Long, IncomingRecord> readAgain(List<PendingRecords.Pending> stored) {
    TreeSet<Long> offsets = new TreeSet<>();
    for (PendingRecords.Pending p : stored) {
      if (p.record() == null) {
        offsets.add(p.offset());
      }
    }
    if (offsets.isEmpty()) {
      return Map.of();
    }
    PendingRecords.Pending first = stored.get(0);
    return sources.apply(context.appConfigs()).read(first.topic(), first.partition(), offsets);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    IncomingRecord in =
        new IncomingRecord(
            record.key(),
            record.value(),
            record.headers(),
            meta.topic(),
            meta.partition(),
            meta.offset(),
            record.timestamp());
    if (inFlight == 1) {
      awaitAll(); // in order: everything before it is answered first
      waiting.add(new Waiting(null, record.timestamp(), handler.submit(in)));
      awaitAll();
      return;
    }
    pending.put(meta.offset(), PendingRecords.encode(in));
    waiting.add(new Waiting(meta.offset(), record.timestamp(), handler.submit(in)));
    forwardFinished();
    while (waiting.size() >= inFlight) {
      awaitFirst();
      forwardFinished();
    }
  }

  private void awaitAll() {
    while (!waiting.isEmpty()) {
      awaitFirst();
      forwardFinished();
    }
  }

  /** Waits for the oldest request: never past its deadline, when the pipeline completes it. */
  private void awaitFirst() {
    try {
      waiting.peek().outcome().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a translation", e);
    } catch (ExecutionException e) {
      // forwardFinished() reports it
    }
  }

  /** Forwards the outcomes that are ready, oldest first, stopping at the first still running. */
  private void forwardFinished() {
    boolean forwarded = false;
    while (!waiting.isEmpty() && waiting.peek().outcome().isDone()) {
      Waiting w = waiting.poll();
      Outcome out = w.outcome().join();
      context.forward(new Record<>(out.key(), out, w.timestamp(), out.headers()));
      if (w.offset() != null) {
        pending.delete(w.offset());
      }
      forwarded = true;
    }
    if (forwarded && inFlight > 1 && !saturated()) {
      context.commit();
    }
  }

  /**
   * Whether the task works at its peak: half its window of requests in flight or more. Below that,
   * a result is committed (made visible to {@code read_committed} consumers) as soon as it is
   * forwarded: waiting for the commit interval, or for a neighbour still in inference, would be its
   * latency, and the requests still running are safe in the store. At the peak, commits come at the
   * commit interval, so a flood pays for no extra transactions.
   */
  private boolean saturated() {
    return 2 * waiting.size() >= inFlight;
  }
}
