package dev.i2i.trainer.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    return arrays.computeIfAbsent(name, n -> initial(n, shape));
  }

  /**
   * As the reference code: weights N(0, 0.02), batch-norm scales N(1, 0.02), biases and shifts 0;
   * running statistics start at mean 0, variance 1.
   */
  private static INDArray initial(String n, long[] shape) {
    if (n.endsWith("/b") || n.endsWith("/beta") || n.endsWith(RUNNING_MEAN)) {
      return Nd4j.zeros(Nd4j.defaultFloatingPointType(), shape);
    }
    if (n.endsWith(RUNNING_VAR)) {
      return Nd4j.ones(Nd4j.defaultFloatingPointType(), shape);
    }
    INDArray w = Nd4j.randn(Nd4j.defaultFloatingPointType(), shape).muli(INIT_STD);
    return n.endsWith("/gamma") ? w.addi(1) : w;
  }

  public static final String RUNNING_MEAN = "/running_mean";
  public static final String RUNNING_VAR = "/running_var";

  /** True for weights an optimizer updates; false for batch-norm running statistics. */
  public static boolean trainable(String name) {
    return !name.endsWith(RUNNING_MEAN) && !name.endsWith(RUNNING_VAR);
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

  /** Names of the trainable parameters whose name starts with {@code prefix}. */
  public List<String> trainableWithPrefix(String prefix) {
    List<String> names = new ArrayList<>();
    for (String n : namesWithPrefix(prefix)) {
      if (trainable(n)) {
        names.add(n);
      }
    }
    return names;
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
