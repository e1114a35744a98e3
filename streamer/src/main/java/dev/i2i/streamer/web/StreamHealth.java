package dev.i2i.streamer.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the stream is really working, not only running: {@code DOWN} when Kafka Streams is not
 * running, when stream threads keep dying (more than {@value #MAX_DEATHS} in {@link
 * #DEATH_WINDOW}), or when requests are waiting and no stream thread has committed for the stall
 * timeout.
 */
public final class StreamHealth {
  static final int MAX_DEATHS = 3;
  static final Duration DEATH_WINDOW = Duration.ofMinutes(5);

  private final Supplier<KafkaStreams.State> state;
  private final Supplier<Map<MetricName, ? extends Metric>> metrics;
  private final String requestsTopic;
  private final Duration stallTimeout;
  private final LongSupplier clock;
  private final IntSupplier inFlight;
  private final Deque<Long> deaths = new ArrayDeque<>();
  private double lastCommits = -1;
  private long lastProgress;

  /**
   * @param inFlight requests being handled right now (taken from the topic, not yet committed)
   */
  public StreamHealth(
      KafkaStreams streams, String requestsTopic, Duration stallTimeout, IntSupplier inFlight) {
    this(
        streams::state,
        streams::metrics,
        requestsTopic,
        stallTimeout,
        inFlight,
        System::currentTimeMillis);
  }

  StreamHealth(
      Supplier<KafkaStreams.State> state,
      Supplier<Map<MetricName, ? extends Metric>> metrics,
      String requestsTopic,
      Duration stallTimeout,
      IntSupplier inFlight,
      LongSupplier clock) {
    this.state = state;
    this.metrics = metrics;
    this.inFlight = inFlight;
    this.requestsTopic = requestsTopic;
    this.stallTimeout = stallTimeout;
    this.clock = clock;
    this.lastProgress = clock.getAsLong();
  }

  /** Called by the uncaught-exception handler each time a stream thread dies. */
  public synchronized void threadDied() {
    deaths.addLast(clock.getAsLong());
  }

  /** The verdict and why; {@code reason} is empty when healthy. */
  public record Verdict(boolean up, String state, String reason, long lag) {}

  public synchronized Verdict check() {
    long now = clock.getAsLong();
    KafkaStreams.State state = this.state.get();
    double commits = 0;
    long lag = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals("commit-total") && n.group().equals("stream-thread-metrics")) {
        commits += number(e.getValue());
      } else if (n.name().equals("records-lag")
          && requestsTopic.equals(n.tags().get("topic"))
          && n.tags().getOrDefault("client-id", "").endsWith("-consumer")
          && !n.tags().get("client-id").contains("restore")) {
        lag += (long) Math.max(0, number(e.getValue()));
      }
    }
    // Waiting: requests not yet fetched, and requests being handled (fetched, not committed).
    lag += inFlight.getAsInt();
    if (commits != lastCommits || lag == 0) {
      lastCommits = commits;
      lastProgress = now;
    }
    while (!deaths.isEmpty() && deaths.peekFirst() < now - DEATH_WINDOW.toMillis()) {
      deaths.removeFirst();
    }
    String reason = "";
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      reason = "Kafka Streams is " + state;
    } else if (deaths.size() > MAX_DEATHS) {
      reason =
          deaths.size() + " stream threads died in the last " + DEATH_WINDOW.toMinutes() + " min";
    } else if (now - lastProgress > stallTimeout.toMillis()) {
      reason =
          lag
              + " requests waiting and no commit for "
              + (now - lastProgress) / 1000
              + " s (stall timeout "
              + stallTimeout.toSeconds()
              + " s)";
    }
    return new Verdict(reason.isEmpty(), state.toString(), reason, lag);
  }

  private static double number(Metric m) {
    Object v = m.metricValue();
    return v instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
  }
}
