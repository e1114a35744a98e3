package dev.i2i.streamer.serve;

import java.util.Optional;
import java.util.Set;

/** Finds the version that serves a model name right now. */
public interface ModelLookup {
  Optional<ServedModel> find(String name);

  /** Names currently served, for error messages. */
  Set<String> names();
}
