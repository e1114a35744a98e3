package dev.i2i.trainer.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Spearman's rank correlation, for the quality benchmark's few runs. */
final class Ranks {
  private Ranks() {}

  /** Spearman's rho of columns {@code x} and {@code y} of the rows; tied values share a rank. */
  static double spearman(List<double[]> rows, int x, int y) {
    double[] rx = ranks(rows, x);
    double[] ry = ranks(rows, y);
    double mx = Arrays.stream(rx).average().orElse(0);
    double my = Arrays.stream(ry).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < rx.length; i++) {
      sxy += (rx[i] - mx) * (ry[i] - my);
      sxx += (rx[i] - mx) * (rx[i] - mx);
      syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }

  /** Ranks 1..n of a column, ties getting the mean of the ranks they span. */
  static double[] ranks(List<double[]> rows, int col) {
    Integer[] order = new Integer[rows.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> rows.get(i)[col]));
    double[] rank = new double[order.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && rows.get(order[j + 1])[col] == rows.get(order[i])[col]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        rank[order[k]] = (i + j) / 2.0 + 1;
      }
      i = j + 1;
    }
    return rank;
  }
}
