package dev.i2i.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One procedural landscape, drawn from a seed: where the horizon, mountains, hills, lake and trees
 * are. The same scene renders in both looks, which is what gives the test set a ground truth.
 * Coordinates are fractions of the image side.
 */
public record SeasonScene(
    double horizon,
    double skyTint,
    double sunX,
    double sunY,
    List<double[]> clouds,
    List<double[]> mountains,
    double[] farHill,
    double[] nearHill,
    double greenTint,
    double[] lake,
    List<Tree> trees) {

  /** A tree standing at (x, y) with a height; conifers are triangles, others round or bare. */
  public record Tree(double x, double y, double height, boolean conifer) {}

  /** Builds the scene of a seed; deterministic. */
  public static SeasonScene fromSeed(long seed) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + 17);
    double horizon = 0.42 + 0.16 * r.nextDouble();
    List<double[]> clouds = new ArrayList<>();
    for (int i = 0, n = r.nextInt(4); i < n; i++) {
      clouds.add(
          new double[] {
            r.nextDouble(),
            0.05 + 0.25 * r.nextDouble() * horizon,
            0.12 + 0.15 * r.nextDouble(),
            0.04 + 0.04 * r.nextDouble()
          });
    }
    List<double[]> mountains = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      double cx = r.nextDouble();
      double width = 0.35 + 0.4 * r.nextDouble();
      double peak = horizon - (0.12 + 0.25 * r.nextDouble()) * horizon;
      mountains.add(new double[] {cx, width, peak, r.nextDouble()});
    }
    double[] farHill = {
      horizon, 0.03 + 0.05 * r.nextDouble(), 2 + 3 * r.nextDouble(), r.nextDouble() * 6.28
    };
    double[] nearHill = {
      horizon + 0.12 + 0.1 * r.nextDouble(),
      0.03 + 0.06 * r.nextDouble(),
      1 + 2 * r.nextDouble(),
      r.nextDouble() * 6.28
    };
    double[] lake =
        r.nextDouble() < 0.6
            ? new double[] {
              0.2 + 0.6 * r.nextDouble(),
              nearHill[0] + 0.1 + 0.15 * r.nextDouble(),
              0.2 + 0.2 * r.nextDouble(),
              0.05 + 0.05 * r.nextDouble()
            }
            : null;
    List<Tree> trees = new ArrayList<>();
    for (int i = 0, n = 2 + r.nextInt(7); i < n; i++) {
      double x = r.nextDouble();
      double y = horizon + 0.05 + (0.95 - horizon) * r.nextDouble();
      if (lake != null && inEllipse(x, y, lake, 1.2)) {
        continue; // no trees on the lake
      }
      trees.add(new Tree(x, y, 0.08 + 0.12 * (y - horizon + 0.2), r.nextBoolean()));
    }
    trees.sort((a, b) -> Double.compare(a.y(), b.y())); // far trees first
    return new SeasonScene(
        horizon,
        r.nextDouble(),
        r.nextDouble(),
        0.05 + 0.2 * r.nextDouble(),
        clouds,
        mountains,
        farHill,
        nearHill,
        r.nextDouble(),
        lake,
        trees);
  }

  private static boolean inEllipse(double x, double y, double[] e, double margin) {
    double dx = (x - e[0]) / (e[2] * margin);
    double dy = (y - e[1]) / (e[3] * margin + 0.08);
    return dx * dx + dy * dy < 1;
  }
}
