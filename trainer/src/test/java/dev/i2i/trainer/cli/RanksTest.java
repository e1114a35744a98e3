package dev.i2i.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RanksTest {
  @Test
  void orderNotSizeDecidesAndTiesShareTheirRanks() {
    List<double[]> rows =
        List.of(new double[] {22.3, 0.013}, new double[] {16.0, 0.032}, new double[] {19.0, 0.5});
    assertEquals(-0.5, Ranks.spearman(rows, 0, 1), 1e-12);
    assertEquals(1, Ranks.spearman(rows, 0, 0), 1e-12);
    List<double[]> falling =
        List.of(new double[] {1, 9}, new double[] {2, 4}, new double[] {3, 1}, new double[] {4, 0});
    assertEquals(-1, Ranks.spearman(falling, 0, 1), 1e-12);
    List<double[]> ties = List.of(new double[] {5}, new double[] {1}, new double[] {5});
    assertArrayEquals(new double[] {2.5, 1, 2.5}, Ranks.ranks(ties, 0), 1e-12);
  }
}
