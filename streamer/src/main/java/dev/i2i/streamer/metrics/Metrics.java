package dev.i2i.streamer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The service's meters, on Micrometer's Prometheus registry: i2i's own counters, gauges and
 * histograms (named and labelled as before the registry existed, so dashboards keep working), and
 * on request the JVM's and Kafka Streams' own meters through Micrometer's binders. Safe for many
 * threads.
 */
public final class Metrics implements AutoCloseable {
  /** Histogram bucket bounds in seconds, for latencies from a millisecond to a minute. */
  static final double[] BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private static final Duration[] SLOS =
      Arrays.stream(BUCKETS)
          .mapToObj(s -> Duration.ofNanos((long) (s * 1e9)))
          .toArray(Duration[]::new);
  private static final String SECONDS = "_seconds";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, GaugeValue> gauges = new ConcurrentHashMap<>();
  private final List<AutoCloseable> binders = new ArrayList<>();

  /** Adds one to a counter; one value per label of the meter. */
  public void inc(Meter m, String... values) {
    inc(m.name(), m.help(), m.pairs(Meter.Kind.COUNTER, values));
  }

  /** Sets a gauge. */
  public void set(Meter m, double value, String... values) {
    set(m.name(), m.help(), value, m.pairs(Meter.Kind.GAUGE, values));
  }

  /** Records one duration, in seconds. */
  public void observe(Meter m, double seconds, String... values) {
    observe(m.name(), m.help(), seconds, m.pairs(Meter.Kind.TIMER, values));
  }

  /** A counter's or gauge's value, a timer's count; 0 when never recorded. */
  public double value(Meter m, String... values) {
    return value(m.name(), m.pairs(m.kind(), values));
  }

  /** A timer's total seconds over every series whose first labels are {@code values}. */
  public double sum(Meter m, String... values) {
    return sum(m.name(), m.prefixPairs(values));
  }

  private void inc(String name, String help, String... labels) {
    Counter.builder(name).description(help).tags(tags(labels)).register(registry).increment();
  }

  private void set(String name, String help, double value, String... labels) {
    Tags tags = tags(labels);
    gauges.computeIfAbsent(
                name + tags,
                k -> {
                  GaugeValue holder = new GaugeValue();
                  Gauge.builder(name, holder, GaugeValue::get)
                      .description(help)
                      .tags(tags)
                      .strongReference(true)
                      .register(registry);
                  return holder;
                })
            .value =
        value;
  }

  private void observe(String name, String help, double seconds, String... labels) {
    timer(name, help, tags(labels)).record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
  }

  /** A timer: Micrometer adds the base unit, so {@code x_seconds} is registered as {@code x}. */
  private Timer timer(String name, String help, Tags tags) {
    return Timer.builder(timerName(name))
        .description(help)
        .tags(tags)
        .serviceLevelObjectives(SLOS)
        .register(registry);
  }

  private static String timerName(String name) {
    if (!name.endsWith(SECONDS)) {
      throw new IllegalArgumentException(name + ": a histogram's name ends in " + SECONDS);
    }
    return name.substring(0, name.length() - SECONDS.length());
  }

  private double value(String name, String... labels) {
    io.micrometer.core.instrument.Meter m = registry.find(name).tags(tags(labels)).meter();
    if (m == null && name.endsWith(SECONDS)) {
      m = registry.find(timerName(name)).tags(tags(labels)).timer();
    }
    if (m instanceof Counter c) {
      return c.count();
    }
    if (m instanceof Gauge g) {
      return g.value();
    }
    if (m instanceof Timer t) {
      return t.count();
    }
    return 0;
  }

  private double sum(String name, String... labels) {
    double total = 0;
    for (Timer t : registry.find(timerName(name)).tags(tags(labels)).timers()) {
      total += t.totalTime(TimeUnit.SECONDS);
    }
    return total;
  }

  /** Adds the JVM's meters: heap and other pools, GC pauses, threads, classes, CPU, uptime. */
  public Metrics withJvm() {
    JvmGcMetrics gc = new JvmGcMetrics();
    for (MeterBinder b :
        List.of(
            new JvmMemoryMetrics(),
            gc,
            new JvmThreadMetrics(),
            new ClassLoaderMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics())) {
      b.bindTo(registry);
    }
    binders.add(gc);
    return this;
  }

  /**
   * Adds Kafka Streams' own meters (its threads' process and commit rates, the consumers' lag and
   * rebalances, the producers' send rates, ...), named {@code kafka_stream_*}, {@code
   * kafka_consumer_*}, {@code kafka_producer_*}, {@code kafka_admin_client_*}.
   */
  public void bind(KafkaStreams streams) {
    KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
    kafka.bindTo(registry);
    binders.add(kafka);
  }

  /** Every series in Prometheus' text exposition format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  /** The Content-Type of {@link #scrape()}. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }

  private static Tags tags(String[] labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    return Tags.of(labels);
  }

  @Override
  public void close() {
    for (AutoCloseable b : binders) {
      try {
        b.close();
      } catch (Exception e) {
        // Binders only unregister listeners; nothing to recover.
      }
    }
    registry.close();
  }

  private static final class GaugeValue {
    volatile double value;

    double get() {
      return value;
    }
  }
}
