package dev.i2i.schemas.registry;

import java.io.IOException;

/** A schema registry call that failed; {@link #unavailable()} when trying later may succeed. */
public final class SchemaRegistryException extends IOException {
  private final boolean unavailable;

  public SchemaRegistryException(String message, boolean unavailable) {
    super(message);
    this.unavailable = unavailable;
  }

  /** True when the registry could not be reached or failed itself (5xx), not the request. */
  public boolean unavailable() {
    return unavailable;
  }
}
