package dev.i2i.streamer.topology;

import dev.i2i.runtime.ThreadPriority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests through their stages on threads of their own, so that decoding the next image and
 * encoding the last one overlap the inference of this one: decoders, inference threads (each
 * gathers micro-batches: up to {@code maxBatch} same-size requests for the same model, waiting at
 * most {@code batchWait} for them) and encoders. Every request has a deadline: past it the request
 * is completed with a {@code DEADLINE_EXCEEDED} dead letter, its inference is cancelled, and an
 * inference thread that does not come back is replaced.
 */
final class RequestPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final RequestStages stages;
  private final Duration deadline;
  private final int maxBatch;
  private final long batchWaitNanos;
  private final ExecutorService decoders;
  private final ExecutorService encoders;
  private final ScheduledThreadPoolExecutor timer;
  private final LinkedBlockingDeque<InFlightRequest> decoded = new LinkedBlockingDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object running = new Object();
  private final List<Runner> runners = new ArrayList<>(); // guarded by running
  private volatile boolean closed;

  RequestPipeline(
      RequestStages stages,
      Duration deadline,
      int maxBatch,
      Duration batchWait,
      int inferenceThreads) {
    this.stages = stages;
    this.deadline = deadline;
    this.maxBatch = maxBatch;
    this.batchWaitNanos = batchWait.toNanos();
    // Decoding and encoding take a few ms next to tens for inference: one thread each per two
    // cores keeps inference fed without taking its cores.
    int workers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.decoders = Executors.newFixedThreadPool(workers, daemon("i2i-decode"));
    this.encoders = Executors.newFixedThreadPool(workers, daemon("i2i-encode"));
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("i2i-deadline"));
    // A request answered in time drops its deadline at once: a cancelled timer must not keep the
    // request (and its images) alive until the deadline would have passed.
    timer.setRemoveOnCancelPolicy(true);
    timer.scheduleWithFixedDelay(
        () -> ThreadPriority.lowerJitCompilers(JIT_NICE), 1, 1, TimeUnit.MINUTES);
    synchronized (running) {
      for (int i = 0; i < inferenceThreads; i++) {
        runners.add(new Runner());
      }
    }
  }

  /** Requests taken in and not yet complete. */
  int inFlight() {
    return inFlight.get();
  }

  /** Starts a request; the future completes with its one outcome, by its deadline at the latest. */
  CompletableFuture<Outcome> submit(IncomingRecord in) {
    InFlightRequest r = new InFlightRequest(in);
    inFlight.incrementAndGet();
    r.outcome.whenComplete((o, e) -> inFlight.decrementAndGet());
    ScheduledFuture<?> expiry =
        timer.schedule(() -> expire(r), deadline.toMillis(), TimeUnit.MILLISECONDS);
    r.outcome.whenComplete((o, e) -> expiry.cancel(false));
    decoders.execute(
        () -> {
          if (!r.done()) {
            stages.prepare(r);
          }
          if (r.done() || r.input == null) {
            r.release();
          } else {
            decoded.add(r);
          }
        });
    return r.outcome;
  }

  private void expire(InFlightRequest r) {
    if (r.done()) {
      return;
    }
    // The lease stays with the stage that holds the request: a swapped-out model must not close
    // under a run that is still going.
    stages.expire(
        r, "not translated within the service's deadline of " + deadline.toMillis() + " ms");
    synchronized (running) {
      for (Runner runner : runners) {
        if (runner.batch != null && runner.batch.contains(r)) {
          runner.cancel();
          timer.schedule(() -> replaceIfStill(runner), deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  private void replaceIfStill(Runner stuck) {
    synchronized (running) {
      int at = runners.indexOf(stuck);
      if (at >= 0 && stuck.batch != null && !closed) {
        LOG.warn(
            "an inference call did not stop {} ms after it was cancelled; starting a new"
                + " inference thread",
            deadline.toMillis());
        stuck.abandoned = true;
        runners.set(at, new Runner());
      }
    }
  }

  /** The inference thread: takes decoded requests, batches them, runs them, hands them on. */
  private final class Runner implements Runnable {
    private final Thread thread;
    List<InFlightRequest> batch; // guarded by running
    volatile boolean abandoned;

    Runner() {
      thread = daemon("i2i-infer").newThread(this);
      thread.start();
    }

    void cancel() {
      List<InFlightRequest> b = batch;
      if (b != null) {
        b.get(0).model.translator().cancel(thread);
        thread.interrupt();
      }
    }

    @Override
    public void run() {
      ThreadPriority.lowerCurrent(INFERENCE_NICE);
      ThreadPriority.lowerJitCompilers(JIT_NICE);
      while (!closed && !abandoned) {
        List<InFlightRequest> next;
        try {
          next = gather();
        } catch (InterruptedException e) {
          continue; // a late cancel, or closing
        }
        if (next.isEmpty()) {
          continue;
        }
        synchronized (running) {
          if (abandoned) {
            decoded.addAll(next);
            return;
          }
          batch = next;
        }
        stages.infer(next);
        synchronized (running) {
          batch = null;
          Thread.interrupted(); // a cancel that came late must not hit the next batch
        }
        for (InFlightRequest r : next) {
          if (r.done() || r.output == null) {
            r.release();
          } else {
            encoders.execute(() -> stages.finish(r));
          }
        }
      }
    }

    private List<InFlightRequest> gather() throws InterruptedException {
      List<InFlightRequest> b = new ArrayList<>(maxBatch);
      InFlightRequest first = decoded.poll(200, TimeUnit.MILLISECONDS);
      if (first == null) {
        return b;
      }
      if (first.done()) {
        first.release();
        return b;
      }
      b.add(first);
      long until = System.nanoTime() + batchWaitNanos;
      while (b.size() < maxBatch) {
        long left = until - System.nanoTime();
        InFlightRequest r = left > 0 ? decoded.poll(left, TimeUnit.NANOSECONDS) : decoded.poll();
        if (r == null) {
          break;
        }
        if (r.done()) {
          r.release();
        } else if (r.batchesWith(first)) {
          b.add(r);
        } else {
          decoded.addFirst(r); // another size or model: the next batch starts with it
          break;
        }
      }
      return b;
    }
  }

  /**
   * How much nicer than the rest of the process the inference threads run: they keep the cores
   * busy, and Kafka's threads (fetches, commits, an embedded broker) would otherwise wait for a
   * core. Measured at 128 px: p99 202-213 -> 140-182 ms at half the peak rate, the same throughput.
   * {@code -Di2i.inferenceNice=0} turns it off.
   */
  static final int INFERENCE_NICE = Integer.getInteger("i2i.inferenceNice", 5);

  /**
   * How much nicer than the rest of the process the JIT compiler threads run: more than inference,
   * so a compilation late in a service's life takes a quarter of a busy inference core instead of
   * three quarters. Measured at 256 px at half the peak rate: see the README's serving speed. Set
   * when an inference thread starts and checked again every minute (HotSpot may start compiler
   * threads as work comes); {@code -Di2i.jitNice=0} turns it off.
   */
  static final int JIT_NICE = Integer.getInteger("i2i.jitNice", 10);

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    closed = true;
    decoders.shutdownNow();
    encoders.shutdownNow();
    timer.shutdownNow();
    synchronized (running) {
      runners.forEach(r -> r.thread.interrupt());
    }
  }
}
