package dev.i2i.streamer.topology;

import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.streamer.kafka.RecordSize;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds dead letters that always fit the dead-letter topic: when the original bytes do not fit
 * beside the reason, the dead letter carries their first bytes, says so ({@code originalTruncated},
 * header {@value WireHeaders#ORIGINAL_TRUNCATED}) and points to the source offset, where the whole
 * original still is.
 */
final class DeadLetters {
  /** Details are for people; a longer one (an exception's message) is cut. */
  static final int MAX_DETAIL_CHARS = 2000;

  private final int limit;
  private final Metrics metrics;
  private final WireCodecs codecs;

  DeadLetters(int limit, Metrics metrics, WireCodecs codecs) {
    this.limit = limit;
    this.metrics = metrics;
    this.codecs = codecs;
  }

  Outcome of(IncomingRecord in, String id, FailureReason reason, String detail) {
    metrics.inc(Meters.DEAD_LETTERS, reason.toString());
    String key = id != null ? id : position(in);
    if (key.getBytes(StandardCharsets.UTF_8).length > RequestHandler.MAX_ID_BYTES) {
      key = position(in);
    }
    String shortDetail =
        detail == null
            ? ""
            : detail.length() <= MAX_DETAIL_CHARS
                ? detail
                : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    byte[] original = in.value() == null ? new byte[0] : in.value();
    Outcome whole = build(in, key, reason, shortDetail, original, false, original.length);
    if (RecordSize.of(whole.key(), whole.value(), whole.headers()) <= limit) {
      return whole;
    }
    // Measure everything but the original, then keep as much of it as still fits.
    Outcome empty = build(in, key, reason, shortDetail, new byte[0], true, original.length);
    long room = limit - RecordSize.of(empty.key(), empty.value(), empty.headers()) - 16;
    byte[] head = Arrays.copyOf(original, (int) Math.max(0, Math.min(room, original.length)));
    metrics.inc(Meters.DEAD_LETTERS_TRUNCATED);
    return build(in, key, reason, shortDetail, head, true, original.length);
  }

  private Outcome build(
      IncomingRecord in,
      String key,
      FailureReason reason,
      String detail,
      byte[] original,
      boolean truncated,
      long originalSize) {
    DeadLetter dl =
        new DeadLetter(
            key,
            reason,
            detail,
            in.topic(),
            in.partition(),
            in.offset(),
            ByteBuffer.wrap(original),
            Instant.now(),
            truncated,
            originalSize);
    Outcome out = Outcome.deadLetter(key, codecs.encodeDeadLetter(dl));
    WireHeaders.put(out.headers(), WireHeaders.REQUEST_ID, key);
    WireHeaders.put(out.headers(), WireHeaders.REASON, reason);
    WireHeaders.put(out.headers(), WireHeaders.DETAIL, detail);
    WireHeaders.put(out.headers(), WireHeaders.SOURCE, position(in));
    if (truncated) {
      WireHeaders.put(out.headers(), WireHeaders.ORIGINAL_TRUNCATED, originalSize);
    }
    return out;
  }

  static String position(IncomingRecord in) {
    return in.topic() + "-" + in.partition() + "-" + in.offset();
  }
}
