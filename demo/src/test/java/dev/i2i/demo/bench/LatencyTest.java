package dev.i2i.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.i2i.schemas.avro.Timings;
import dev.i2i.streamer.client.Received;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The latency percentiles of a phase, and where the typical and the slowest requests' time went.
 */
class LatencyTest {
  @Test
  void typicalRequestsAreThoseBetweenTheQuartilesAndTheSlowestAreTheLastPercent() {
    // 200 results of latency 1..200 ms, in shuffled order; each spent 1 ms queued, 0.5 decoding,
    // a tenth of its latency in inference and 2 ms encoding.
    List<Received> got = new ArrayList<>();
    for (int ms = 1; ms <= 200; ms++) {
      got.add(result(ms, new Timings(1.0, 0.5, ms / 10.0, 2.0)));
    }
    Collections.shuffle(got, new java.util.Random(3));

    StreamBench.Latency l = StreamBench.Latency.of(got);

    assertEquals(100, l.p50());
    assertEquals(198, l.p99());
    assertEquals(200, l.max());
    // p99 of 200 lies, with 95 % confidence, above the 195th: none of them bounds it from above.
    assertEquals(200, l.count());
    assertEquals(195, l.p99Low());
    assertEquals(Double.NaN, l.p99High());
    // Between the quartiles: latencies 51..150, mean 100.5.
    assertEquals(1.0, l.typical().queue(), 1e-9);
    assertEquals(10.05, l.typical().inference(), 1e-9);
    assertEquals(100.5 - 1.0 - 0.5 - 10.05 - 2.0, l.typical().rest(), 1e-9);
    // The slowest 1 %: latencies 198, 199 and 200 (from p99 up), mean 199.
    assertEquals(19.9, l.slowest().inference(), 1e-9);
    assertEquals(199 - 1.0 - 0.5 - 19.9 - 2.0, l.slowest().rest(), 1e-9);
  }

  @Test
  void theSlowestAreListedByTheTimeTheyWerePublished() {
    // 200 results, the slower the earlier published: latency 200 ms at 00:00:01 UTC, 199 at :02...
    List<Received> got = new ArrayList<>();
    for (int ms = 1; ms <= 200; ms++) {
      got.add(result(ms, new Timings(1.0, 0.5, ms / 10.0, 2.0), (201 - ms) * 1000L));
    }
    Collections.shuffle(got, new java.util.Random(5));

    assertEquals(
        "00:00:01.000 +200 (20), 00:00:02.000 +199 (20), 00:00:03.000 +198 (20)",
        StreamBench.Latency.publishedAt(StreamBench.Latency.slowest(got)));
  }

  private static Received result(long latencyMs, Timings t) {
    return result(latencyMs, t, 0L);
  }

  private static Received result(long latencyMs, Timings t, long publishedAt) {
    return new Received(
        "r" + latencyMs, false, "m", 1, null, 8, 8, t, null, null, latencyMs, 0, publishedAt);
  }
}
