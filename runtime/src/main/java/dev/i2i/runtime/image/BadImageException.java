package dev.i2i.runtime.image;

import dev.i2i.schemas.avro.FailureReason;

/** An input that is not a usable image, with the dead-letter reason it earns. */
public final class BadImageException extends Exception {
  private final FailureReason reason;

  public BadImageException(FailureReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public BadImageException(FailureReason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }
}
