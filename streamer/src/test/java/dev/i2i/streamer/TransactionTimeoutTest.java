package dev.i2i.streamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.streamer.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionTimeoutTest {
  static final KafkaSettings PLAIN = new KafkaSettings("127.0.0.1:9092", Map.of());

  @Test
  void threeDeadlinesAndTenSecondsAtLeastAMinuteAtMostWhatBrokersAllow() {
    assertEquals(60_000, StreamService.transactionTimeoutMs(PLAIN, Duration.ofSeconds(5)));
    assertEquals(100_000, StreamService.transactionTimeoutMs(PLAIN, Duration.ofSeconds(30)));
    assertEquals(900_000, StreamService.transactionTimeoutMs(PLAIN, Duration.ofSeconds(400)));
  }

  @Test
  void aDeadlineNoBrokerDefaultCanHoldIsRefusedWithTheFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamService.transactionTimeoutMs(PLAIN, Duration.ofSeconds(450)));
    assertTrue(e.getMessage().contains("at most 449 s"), e.getMessage());
    KafkaSettings raised =
        new KafkaSettings("127.0.0.1:9092", Map.of("transaction.timeout.ms", "1000000"));
    assertEquals(1_000_000, StreamService.transactionTimeoutMs(raised, Duration.ofSeconds(450)));
  }

  @Test
  void offsetsAreRetriedAfterFiveMillisecondsUnlessTheConfigSaysOtherwise() {
    assertEquals(5, StreamService.transactionRetryBackoffMs(PLAIN));
    KafkaSettings own = new KafkaSettings("127.0.0.1:9092", Map.of("retry.backoff.ms", " 250"));
    assertEquals(250, StreamService.transactionRetryBackoffMs(own));
  }

  @Test
  void aMillisecondSettingThatIsNoNumberIsRefusedByName() {
    KafkaSettings backoff = new KafkaSettings("127.0.0.1:9092", Map.of("retry.backoff.ms", "5ms"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> StreamService.transactionRetryBackoffMs(backoff));
    assertTrue(
        e.getMessage().contains("retry.backoff.ms") && e.getMessage().contains("'5ms'"),
        e.getMessage());
    KafkaSettings timeout =
        new KafkaSettings("127.0.0.1:9092", Map.of("transaction.timeout.ms", "-1"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StreamService.transactionTimeoutMs(timeout, Duration.ofSeconds(5)));
    assertTrue(
        e.getMessage().startsWith("transaction.timeout.ms in --kafka-config"), e.getMessage());
  }
}
