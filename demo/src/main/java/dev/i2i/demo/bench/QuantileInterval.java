package dev.i2i.demo.bench;

/**
 * A distribution-free confidence interval for a quantile of a sample: the ranks of the sorted
 * sample between which the true quantile lies with at least the given confidence, whatever the
 * distribution (the number of observations below the quantile is binomial). It tells how much a
 * percentile of a timed phase can be trusted: the p99 of 200 requests is their third slowest, and
 * no request of theirs bounds it from above.
 *
 * @param low 1-based rank of the interval's lower end in the sorted sample, 0 when no observation
 *     bounds it from below
 * @param high 1-based rank of the upper end, {@code n + 1} when no observation bounds it from above
 *     (too few observations for this quantile)
 */
public record QuantileInterval(int low, int high) {
  /**
   * @param n observations
   * @param q the quantile, in (0, 1)
   * @param confidence e.g. 0.95
   */
  public static QuantileInterval of(int n, double q, double confidence) {
    if (n < 1 || !(q > 0 && q < 1) || !(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("n >= 1, q and confidence in (0, 1)");
    }
    double tail = (1 - confidence) / 2;
    // pmf[k] = P(B = k), B ~ Binomial(n, q) observations below the quantile; in logs, so that
    // terms far from the mean underflow to 0 without taking the others with them.
    double[] pmf = new double[n + 1];
    double log = n * Math.log(q);
    pmf[n] = Math.exp(log);
    for (int k = n; k > 0; k--) {
      log += Math.log((double) k / (n - k + 1)) + Math.log((1 - q) / q);
      pmf[k - 1] = Math.exp(log);
    }
    // The true quantile lies below observation l when at least l observations are below it, and
    // below observation u unless at least u are: coverage = P(l <= B <= u - 1).
    int low = 0;
    double below = 0; // P(B <= low - 1)
    while (low < n && below + pmf[low] <= tail) {
      below += pmf[low];
      low++;
    }
    int high = n + 1;
    double above = 0; // P(B >= high)
    while (high > 1 && above + pmf[high - 1] <= tail) {
      above += pmf[high - 1];
      high--;
    }
    return new QuantileInterval(low, high);
  }

  /**
   * The interval's ends in a sorted sample of the same size: NaN where no observation bounds it.
   */
  public double[] of(long[] sorted) {
    return new double[] {
      low >= 1 ? sorted[low - 1] : Double.NaN, high <= sorted.length ? sorted[high - 1] : Double.NaN
    };
  }
}
