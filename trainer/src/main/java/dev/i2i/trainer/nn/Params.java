package dev.i2i.trainer.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The named parameter arrays of a set of networks. Graphs share these exact arrays, and updates
 * happen in place, so every graph sees the same weights. New weights are drawn from N(0, 0.02) as
 * in the reference code, biases start at zero.
 */
public final class Params {
  private static final double INIT_STD = 0.02;

  private final Map<String, INDArray> arrays = new LinkedHashMap<>();

  /** Returns the named array, creating it on first use. */
  public INDArray getOrCreate(String name, long... shape) {
    return arrays.computeIfAbsent(
        name,
        n ->
            n.endsWith("/b")
                ? Nd4j.zeros(DataType.FLOAT, shape)
                : Nd4j.randn(DataType.FLOAT, shape).muli(INIT_STD));
  }

  public INDArray get(String name) {
    INDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return a;
  }

  public boolean contains(String name) {
    return arrays.containsKey(name);
  }

  /** Names of the parameters whose name starts with {@code prefix} (e.g. {@code G_A/}). */
  public List<String> namesWithPrefix(String prefix) {
    List<String> names = new ArrayList<>();
    for (String n : arrays.keySet()) {
      if (n.startsWith(prefix)) {
        names.add(n);
      }
    }
    return names;
  }

  public Map<String, INDArray> asMap() {
    return Collections.unmodifiableMap(arrays);
  }

  public void put(String name, INDArray value) {
    arrays.put(name, value);
  }

  public long count(String prefix) {
    long n = 0;
    for (String name : namesWithPrefix(prefix)) {
      n += arrays.get(name).length();
    }
    return n;
  }
}
