package dev.i2i.streamer.serve;

import java.util.Optional;
import java.util.Set;

/** Finds the version that serves a request right now. */
public interface ModelLookup {
  /**
   * The version that serves this request, held until the lease is closed: a swap never closes a
   * session that a translation is still using.
   *
   * @param name model name
   * @param requestId request id; a canary share is chosen from it, so a retry of the same request
   *     goes to the same version
   */
  Optional<ModelLease> acquire(String name, String requestId);

  /** Names currently served, for error messages. */
  Set<String> names();
}
