package dev.i2i.streamer.serve;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model version with a reference count: the registry holds one reference while the
 * version is routed to, each translation holds one while it runs. The session closes when the last
 * reference goes, never under a running translation.
 */
public final class LoadedVersion {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedVersion.class);

  private final ServedModel served;
  private final String sha256;
  private final AutoCloseable session;
  private final AtomicInteger refs = new AtomicInteger(1);

  /**
   * @param served the model as requests see it
   * @param sha256 sha256 of the file it was loaded from
   * @param session closed when the last reference is released
   */
  public LoadedVersion(ServedModel served, String sha256, AutoCloseable session) {
    this.served = served;
    this.sha256 = sha256;
    this.session = session;
  }

  public ServedModel served() {
    return served;
  }

  int version() {
    return served.version();
  }

  public String sha256() {
    return sha256;
  }

  /** What closes when the last reference goes (for loaders that wrap another's versions). */
  public AutoCloseable session() {
    return session;
  }

  /** Takes a reference; false once the version has been released for good. */
  boolean tryAcquire() {
    while (true) {
      int n = refs.get();
      if (n == 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the session. */
  void release() {
    int n = refs.decrementAndGet();
    if (n == 0) {
      try {
        session.close();
        LOG.info("closed the session of {} v{}", served.name(), served.version());
      } catch (Exception e) {
        LOG.warn("closing {} v{} failed: {}", served.name(), served.version(), e.getMessage());
      }
    } else if (n < 0) {
      throw new IllegalStateException(served.name() + " v" + version() + " released too often");
    }
  }

  ModelLease lease() {
    return new ModelLease(served, this::release);
  }
}
