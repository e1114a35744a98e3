package dev.i2i.trainer.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The named loss values of one training step, in the order they are logged. */
public record Losses(Map<String, Double> values) {
  public Losses {
    values = new LinkedHashMap<>(values);
  }

  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no loss " + name + " in " + values.keySet());
    }
    return v;
  }

  public Losses plus(Losses other) {
    Map<String, Double> all = new LinkedHashMap<>(values);
    all.putAll(other.values);
    return new Losses(all);
  }

  /** Compact form for the progress line, e.g. {@code D_A 0.251 G_A 0.612}. */
  public String compact() {
    StringBuilder sb = new StringBuilder();
    values.forEach(
        (k, v) ->
            sb.append(sb.isEmpty() ? "" : " ")
                .append(k)
                .append(' ')
                .append(String.format("%.3f", v)));
    return sb.toString();
  }
}
