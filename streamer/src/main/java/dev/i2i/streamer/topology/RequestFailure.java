package dev.i2i.streamer.topology;

import dev.i2i.schemas.avro.FailureReason;

/** Why a request cannot be translated; the handler turns it into a dead letter. */
final class RequestFailure extends Exception {
  final FailureReason reason;

  RequestFailure(FailureReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }
}
