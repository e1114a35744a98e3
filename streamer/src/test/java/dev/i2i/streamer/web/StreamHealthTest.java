package dev.i2i.streamer.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StreamHealthTest {
  final AtomicReference<KafkaStreams.State> state =
      new AtomicReference<>(KafkaStreams.State.RUNNING);
  final AtomicLong now = new AtomicLong(1_000_000);
  final AtomicInteger inFlight = new AtomicInteger();
  final double[] commits = {0};
  final Map<MetricName, Metric> metrics = new HashMap<>();
  final StreamHealth health =
      new StreamHealth(
          state::get, () -> metrics, "requests", Duration.ofSeconds(10), inFlight::get, now::get);

  StreamHealthTest() {
    MetricName n =
        new MetricName("commit-total", "stream-thread-metrics", "", Map.of("thread-id", "t1"));
    metrics.put(
        n,
        new Metric() {
          public MetricName metricName() {
            return n;
          }

          public Object metricValue() {
            return commits[0];
          }
        });
  }

  @Test
  void threadsThatKeepDyingMakeItDown() {
    for (int i = 0; i < StreamHealth.MAX_DEATHS; i++) {
      health.threadDied();
    }
    assertTrue(health.check().up(), "a few replaced threads are tolerated");
    health.threadDied();
    StreamHealth.Verdict v = health.check();
    assertFalse(v.up());
    assertTrue(v.reason().contains("stream threads died"), v.reason());
    now.addAndGet(StreamHealth.DEATH_WINDOW.toMillis() + 1);
    assertTrue(health.check().up(), "deaths older than the window are forgotten");
  }

  @Test
  void waitingWorkWithoutCommitsIsAStallButIdleIsNot() {
    assertTrue(health.check().up());
    now.addAndGet(60_000);
    assertTrue(health.check().up(), "nothing waits: idle, not stalled");
    inFlight.set(1);
    health.check();
    now.addAndGet(11_000);
    assertFalse(health.check().up(), "a request in flight and no commit for 11 s");
    commits[0] = 1;
    assertTrue(health.check().up(), "a commit is progress");
  }

  @Test
  void aStreamThatIsNotRunningIsDown() {
    state.set(KafkaStreams.State.ERROR);
    assertFalse(health.check().up());
  }
}
