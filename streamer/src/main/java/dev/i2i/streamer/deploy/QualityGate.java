package dev.i2i.streamer.deploy;

import dev.i2i.schemas.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a candidate's evaluation metrics with the live version's, as written into their cards by
 * {@code i2i evaluate}: PSNR and SSIM must not drop, L1 errors must not rise (beyond a tolerance).
 * Only metrics both cards have are compared; a candidate with none of the live version's metrics
 * was not evaluated and does not pass.
 */
public final class QualityGate {
  private static final List<String> HIGHER_IS_BETTER = List.of("psnr", "ssim");
  private static final List<String> LOWER_IS_BETTER = List.of("l1", "cycle_l1");

  private QualityGate() {}

  /**
   * Why the candidate is worse than the live version; empty when it may replace it.
   *
   * @param tolerance relative slack, e.g. 0.01 lets a metric be 1 % worse
   */
  public static List<String> problems(ModelCard candidate, ModelCard live, double tolerance) {
    List<String> problems = new ArrayList<>();
    Map<String, Double> c = candidate.metrics();
    Map<String, Double> l = live.metrics();
    int compared = 0;
    int known = 0;
    for (String m : concat()) {
      if (!l.containsKey(m)) {
        continue;
      }
      known++;
      if (!c.containsKey(m)) {
        continue;
      }
      compared++;
      double cv = c.get(m);
      double lv = l.get(m);
      boolean higher = HIGHER_IS_BETTER.contains(m);
      double slack = Math.abs(lv) * tolerance;
      boolean worse = higher ? cv < lv - slack : cv > lv + slack;
      if (worse) {
        problems.add(
            String.format(
                "%s %.4f is %s than the live v%d's %.4f",
                m, cv, higher ? "lower" : "higher", live.version(), lv));
      }
    }
    if (known > 0 && compared == 0) {
      problems.add(
          "the candidate has no evaluation metrics to compare with the live v"
              + live.version()
              + "'s "
              + l.keySet()
              + "; run i2i evaluate on it first");
    }
    return problems;
  }

  private static List<String> concat() {
    List<String> all = new ArrayList<>(HIGHER_IS_BETTER);
    all.addAll(LOWER_IS_BETTER);
    return all;
  }
}
