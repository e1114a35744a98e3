package dev.i2i.streamer.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * An upper bound of the bytes one record takes on the wire in Kafka's record format v2 (a batch of
 * one, uncompressed): what the producer's {@code max.request.size} and the topic's {@code
 * max.message.bytes} are checked against. Key, value and headers all count.
 */
public final class RecordSize {
  /** The v2 record batch header. */
  static final int BATCH_OVERHEAD = 61;

  /** Length, attributes, timestamp and offset deltas, at their widest varints. */
  static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5;

  /** A varint length prefix at its widest. */
  static final int LENGTH = 5;

  private RecordSize() {}

  public static long of(byte[] key, byte[] value, Headers headers) {
    long size = BATCH_OVERHEAD + RECORD_OVERHEAD + LENGTH + LENGTH + LENGTH;
    size += key == null ? 0 : key.length;
    size += value == null ? 0 : value.length;
    if (headers != null) {
      for (Header h : headers) {
        size += LENGTH + h.key().getBytes(StandardCharsets.UTF_8).length + LENGTH;
        size += h.value() == null ? 0 : h.value().length;
      }
    }
    return size;
  }

  public static long of(String key, byte[] value, Headers headers) {
    return of(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers);
  }
}
