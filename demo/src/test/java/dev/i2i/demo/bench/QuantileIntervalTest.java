package dev.i2i.demo.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How far a percentile of a timed phase can be trusted. */
class QuantileIntervalTest {
  @Test
  void aP99OfTwoHundredHasNoUpperBoundAndOfAThousandIsBetweenTheEighteenthAndFourthSlowest() {
    // Exact binomial sums (Python's math.comb) give the same ranks.
    assertEquals(new QuantileInterval(195, 201), QuantileInterval.of(200, 0.99, 0.95));
    assertEquals(new QuantileInterval(490, 500), QuantileInterval.of(500, 0.99, 0.95));
    assertEquals(new QuantileInterval(983, 997), QuantileInterval.of(1000, 0.99, 0.95));
    // The slowest of n bounds p99 from above once 0.99^n <= 0.025: from n = 368.
    assertEquals(368, QuantileInterval.of(367, 0.99, 0.95).high());
    assertEquals(368, QuantileInterval.of(368, 0.99, 0.95).high());
  }

  @Test
  void theIntervalHoldsTheTrueQuantileAtLeastAsOftenAsPromised() {
    // Uniform samples, whose p99 is 0.99 (scaled to integers): 2,000 phases of 1,000 requests.
    Random random = new Random(11);
    QuantileInterval ci = QuantileInterval.of(1000, 0.99, 0.95);
    int covered = 0;
    for (int trial = 0; trial < 2000; trial++) {
      long[] ms = new long[1000];
      for (int i = 0; i < ms.length; i++) {
        ms[i] = (long) (random.nextDouble() * 1_000_000);
      }
      Arrays.sort(ms);
      double[] ends = ci.of(ms);
      if (ends[0] <= 990_000 && 990_000 <= ends[1]) {
        covered++;
      }
    }
    // 97.6 % exactly (the ranks are whole); 2,000 trials put the count within about +-14 of it.
    assertTrue(covered >= 1900 && covered <= 1980, "covered " + covered + " of 2000");
  }

  @Test
  void aMedianOfManyIsSymmetricAndUnboundedEndsAreNaN() {
    QuantileInterval median = QuantileInterval.of(2000, 0.5, 0.95);
    assertEquals(2001 - median.high(), median.low(), "symmetric around the middle: " + median);
    assertTrue(median.low() > 940 && median.low() < 1000, median.toString());

    long[] ms = {10, 20, 30};
    assertArrayEquals(new double[] {20, Double.NaN}, QuantileInterval.of(3, 0.99, 0.95).of(ms), 0);
  }
}
