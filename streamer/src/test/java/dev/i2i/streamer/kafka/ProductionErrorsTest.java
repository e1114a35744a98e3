package dev.i2i.streamer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.junit.jupiter.api.Test;

class ProductionErrorsTest {
  static final ErrorHandlerContext CONTEXT =
      new ErrorHandlerContext() {
        public String topic() {
          return "in";
        }

        public int partition() {
          return 0;
        }

        public long offset() {
          return 7;
        }

        public org.apache.kafka.common.header.Headers headers() {
          return new RecordHeaders();
        }

        public String processorNodeId() {
          return "p";
        }

        public org.apache.kafka.streams.processor.TaskId taskId() {
          return new org.apache.kafka.streams.processor.TaskId(0, 0);
        }

        public long timestamp() {
          return 0;
        }

        public byte[] sourceRawKey() {
          return null;
        }

        public byte[] sourceRawValue() {
          return null;
        }
      };

  @Test
  void aRecordKafkaRefusesIsCountedAndSkippedNotAThreadKiller() {
    Metrics metrics = new Metrics();
    ProductionErrors h = new ProductionErrors();
    h.configure(Map.of(ProductionErrors.METRICS, metrics));
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("out", new byte[10]);
    ProductionExceptionHandler.Response resp =
        h.handleError(CONTEXT, r, new RecordTooLargeException("too large"));
    assertEquals(ProductionExceptionHandler.Result.RESUME, resp.result());
    assertEquals(1, metrics.value(Meters.PRODUCTION_ERRORS, "RecordTooLargeException"));
    // A broker moving leadership is worth retrying, not skipping.
    assertEquals(
        ProductionExceptionHandler.Result.RETRY,
        h.handleError(CONTEXT, r, new NotLeaderOrFollowerException("moved")).result());
    assertTrue(metrics.scrape().contains("i2i_production_errors_total"));
  }

  @Test
  void recordSizesCountKeyValueAndHeaders() {
    RecordHeaders headers = new RecordHeaders();
    long bare = RecordSize.of("k", new byte[100], headers);
    headers.add("i2i-detail", new byte[50]);
    assertTrue(RecordSize.of("k", new byte[100], headers) >= bare + 50 + "i2i-detail".length());
    assertTrue(bare >= 100 + 1 + RecordSize.BATCH_OVERHEAD);
  }
}
