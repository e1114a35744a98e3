package dev.i2i.streamer.serve;

/** A served model version held for one translation; closing it lets a swapped-out session go. */
public final class ModelLease implements AutoCloseable {
  private final ServedModel model;
  private final Runnable release;

  public ModelLease(ServedModel model, Runnable release) {
    this.model = model;
    this.release = release;
  }

  /** A lease on a model that is never swapped out. */
  public static ModelLease pinned(ServedModel model) {
    return new ModelLease(model, () -> {});
  }

  public ServedModel model() {
    return model;
  }

  @Override
  public void close() {
    release.run();
  }
}
