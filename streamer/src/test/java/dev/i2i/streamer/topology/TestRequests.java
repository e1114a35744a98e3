package dev.i2i.streamer.topology;

import dev.i2i.schemas.avro.TranslationRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** Avro requests for tests. */
final class TestRequests {
  private TestRequests() {}

  static TranslationRequest any() {
    return new TranslationRequest(
        "r", "invert", ByteBuffer.wrap(new byte[0]), null, Instant.EPOCH, Map.of());
  }
}
