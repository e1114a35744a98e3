package dev.i2i.streamer.topology;

import dev.i2i.streamer.serve.ModelLease;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * One request between the topic and its outcome, as it moves through the pipeline's stages
 * (prepare, infer, finish). Its {@link #outcome} completes exactly once: with the result, a dead
 * letter from a stage, or a deadline dead letter, whichever comes first; a stage that finds it
 * already complete skips its work. The model lease and the pixel budget it holds are released
 * exactly once, by {@link #release}.
 */
final class InFlightRequest {
  final IncomingRecord in;
  final long startNanos = System.nanoTime();
  final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  /** The request id once known (for dead letters); null before the record is read. */
  volatile String id;

  ParsedRequest request;
  int[] outputSize;
  ServedModel model;
  BufferedImage input;
  BufferedImage output;
  double queueMs;
  long decodeNanos;
  long inferNanos;

  private ModelLease lease;
  private Semaphore budget;
  private int permits;
  private boolean modelReleased;
  private boolean released;

  InFlightRequest(IncomingRecord in) {
    this.in = in;
  }

  synchronized void hold(ModelLease lease) {
    this.lease = lease;
    this.model = lease.model();
  }

  synchronized void hold(Semaphore budget, int permits) {
    this.budget = budget;
    this.permits = permits;
  }

  /** Lets the model version go (once inference is over); later calls do nothing. */
  synchronized void releaseModel() {
    if (!modelReleased && lease != null) {
      lease.close();
    }
    modelReleased = true;
  }

  /** Lets the model version and the pixel budget go; later calls do nothing. */
  synchronized void release() {
    releaseModel();
    if (!released && budget != null) {
      budget.release(permits);
    }
    released = true;
    input = null; // the images go with the budget that paid for them
    output = null;
  }

  /** Images of the same size for the same loaded model can share one inference call. */
  boolean batchesWith(InFlightRequest o) {
    return model == o.model
        && input.getWidth() == o.input.getWidth()
        && input.getHeight() == o.input.getHeight();
  }

  boolean done() {
    return outcome.isDone();
  }
}
