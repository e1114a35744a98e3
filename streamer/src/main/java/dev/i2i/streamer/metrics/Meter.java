package dev.i2i.streamer.metrics;

import java.util.List;

/**
 * One of the service's own meters, declared once: its Prometheus name, help text, kind and label
 * names. {@link Metrics} records values for it with exactly that many label values.
 *
 * @param name the series name ({@code _total} for counters, {@code _seconds} for timers)
 * @param help what it counts, for the scrape's HELP line
 * @param kind counter, gauge or timer (a histogram of seconds)
 * @param labels label names, in the order values are given
 */
public record Meter(String name, String help, Kind kind, List<String> labels) {
  /** What a meter records. */
  public enum Kind {
    COUNTER,
    GAUGE,
    TIMER
  }

  public Meter {
    labels = List.copyOf(labels);
    String suffix = kind == Kind.COUNTER ? "_total" : kind == Kind.TIMER ? "_seconds" : "";
    if (!name.endsWith(suffix)) {
      throw new IllegalArgumentException(name + ": a " + kind + "'s name ends in " + suffix);
    }
  }

  static Meter counter(String name, String help, String... labels) {
    return new Meter(name, help, Kind.COUNTER, List.of(labels));
  }

  static Meter gauge(String name, String help, String... labels) {
    return new Meter(name, help, Kind.GAUGE, List.of(labels));
  }

  static Meter timer(String name, String help, String... labels) {
    return new Meter(name, help, Kind.TIMER, List.of(labels));
  }

  /** Name/value pairs for these label values; refused unless there is one per label. */
  String[] pairs(Kind used, String... values) {
    if (used != kind) {
      throw new IllegalArgumentException(name + " is a " + kind + ", not a " + used);
    }
    if (values.length != labels.size()) {
      throw new IllegalArgumentException(name + " takes the labels " + labels);
    }
    return prefixPairs(values);
  }

  /** Name/value pairs for the first {@code values.length} labels (a query over the rest). */
  String[] prefixPairs(String... values) {
    if (values.length > labels.size()) {
      throw new IllegalArgumentException(name + " takes the labels " + labels);
    }
    String[] pairs = new String[2 * values.length];
    for (int i = 0; i < values.length; i++) {
      pairs[2 * i] = labels.get(i);
      pairs[2 * i + 1] = values[i];
    }
    return pairs;
  }
}
