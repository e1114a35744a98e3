package dev.i2i.streamer.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters, gauges and histograms with labels, written in Prometheus' text format. Small on
 * purpose: the service needs a dozen series, not a metrics library. Safe for many threads.
 */
public final class Metrics {
  /** Histogram bucket bounds in seconds, for latencies from a millisecond to a minute. */
  static final double[] BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private record Family(String type, String help, Map<String, Object> series) {}

  private final Map<String, Family> families = new ConcurrentHashMap<>();

  /** Adds one to a counter. Labels are name/value pairs. */
  public void inc(String name, String help, String... labels) {
    ((DoubleAdder) series(name, "counter", help, labels, DoubleAdder::new)).add(1);
  }

  /** Sets a gauge. */
  public void set(String name, String help, double value, String... labels) {
    Gauge g = (Gauge) series(name, "gauge", help, labels, Gauge::new);
    g.value = value;
  }

  /** Records one observation, in seconds. */
  public void observe(String name, String help, double seconds, String... labels) {
    ((Histogram) series(name, "histogram", help, labels, Histogram::new)).observe(seconds);
  }

  /** The value of a counter or gauge, 0 when it was never set (for tests and health). */
  public double value(String name, String... labels) {
    Family f = families.get(name);
    Object s = f == null ? null : f.series().get(labelText(labels));
    if (s instanceof DoubleAdder a) {
      return a.sum();
    }
    if (s instanceof Gauge g) {
      return g.value;
    }
    if (s instanceof Histogram h) {
      return h.count.sum();
    }
    return 0;
  }

  /**
   * Total seconds observed by a histogram, over every series whose labels include {@code labels}
   * (all series when none are given); 0 when nothing was observed.
   */
  public double sum(String name, String... labels) {
    Family f = families.get(name);
    if (f == null) {
      return 0;
    }
    double total = 0;
    for (var s : f.series().entrySet()) {
      if (s.getValue() instanceof Histogram h && hasLabels(s.getKey(), labels)) {
        total += h.sum.sum();
      }
    }
    return total;
  }

  private static boolean hasLabels(String text, String[] labels) {
    for (int i = 0; i < labels.length; i += 2) {
      if (!("," + text + ",")
          .contains("," + labelText(new String[] {labels[i], labels[i + 1]}) + ",")) {
        return false;
      }
    }
    return true;
  }

  private Object series(
      String name,
      String type,
      String help,
      String[] labels,
      java.util.function.Supplier<Object> create) {
    Family f =
        families.computeIfAbsent(
            name, n -> new Family(type, help, new ConcurrentHashMap<String, Object>()));
    if (!f.type().equals(type)) {
      throw new IllegalArgumentException(name + " is a " + f.type() + ", not a " + type);
    }
    return f.series().computeIfAbsent(labelText(labels), k -> create.get());
  }

  private static String labelText(String[] labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < labels.length; i += 2) {
      b.append(b.isEmpty() ? "" : ",").append(labels[i]).append("=\"");
      b.append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"));
      b.append('"');
    }
    return b.toString();
  }

  /** Every series in Prometheus' text exposition format (version 0.0.4). */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    for (var e : new TreeMap<>(families).entrySet()) {
      String name = e.getKey();
      Family f = e.getValue();
      out.append("# HELP ").append(name).append(' ').append(f.help()).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
      for (var s : new TreeMap<>(f.series()).entrySet()) {
        String labels = s.getKey();
        if (s.getValue() instanceof Histogram h) {
          h.write(out, name, labels);
        } else {
          out.append(name).append(braces(labels)).append(' ');
          out.append(format(value(s.getValue()))).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static double value(Object s) {
    return s instanceof DoubleAdder a ? a.sum() : ((Gauge) s).value;
  }

  private static String braces(String labels) {
    return labels.isEmpty() ? "" : "{" + labels + "}";
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static final class Gauge {
    volatile double value;
  }

  private static final class Histogram {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final DoubleAdder sum = new DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(seconds);
    }

    void write(StringBuilder out, String name, String labels) {
      String sep = labels.isEmpty() ? "" : labels + ",";
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += buckets[i].sum();
        out.append(name).append("_bucket{").append(sep).append("le=\"");
        out.append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
      }
      out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ");
      out.append(count.sum()).append('\n');
      out.append(name).append("_sum").append(braces(labels)).append(' ');
      out.append(sum.sum()).append('\n');
      out.append(name).append("_count").append(braces(labels)).append(' ');
      out.append(count.sum()).append('\n');
    }
  }
}
