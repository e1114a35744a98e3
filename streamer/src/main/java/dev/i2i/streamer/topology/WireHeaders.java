package dev.i2i.streamer.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Record header names, so raw-mode clients (kcat, ...) can read metadata without Avro. */
public final class WireHeaders {
  /** On raw requests: the model to use (else the service's default model). */
  public static final String MODEL = "i2i-model";

  /** On raw requests: the result size as WIDTHxHEIGHT (default: the input's size). */
  public static final String OUTPUT_SIZE = "i2i-output-size";

  public static final String REQUEST_ID = "i2i-request-id";
  public static final String MODEL_VERSION = "i2i-model-version";
  public static final String CONTENT_TYPE = "i2i-content-type";
  public static final String WIDTH = "i2i-width";
  public static final String HEIGHT = "i2i-height";
  public static final String INFERENCE_MS = "i2i-inference-ms";
  public static final String REASON = "i2i-reason";
  public static final String DETAIL = "i2i-detail";

  /** On dead letters: the source record as TOPIC-PARTITION-OFFSET. */
  public static final String SOURCE = "i2i-source";

  /**
   * On dead letters whose original did not fit: the original's size in bytes (the value carries
   * only its first bytes; the whole is at the source offset).
   */
  public static final String ORIGINAL_TRUNCATED = "i2i-original-truncated";

  /** Which wire format a result uses: {@code avro} or {@code raw}. */
  public static final String FORMAT = "i2i-format";

  private WireHeaders() {}

  public static String get(Headers headers, String name) {
    Header h = headers == null ? null : headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  public static void put(Headers headers, String name, Object value) {
    headers.remove(name);
    headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }
}
