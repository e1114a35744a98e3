package dev.i2i.demo.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The JIT compilers' share of the time over the latest warm-up rounds that together last at least a
 * window: the rounds are taken whole, newest first, so a short round never stands for the window
 * alone.
 */
final class JitWindow {
  private final double window;
  private final Deque<double[]> rounds = new ArrayDeque<>(); // {seconds, compile seconds}

  JitWindow(double windowSeconds) {
    this.window = windowSeconds;
  }

  /** One round: how long it took and how long the compilers worked in it. */
  void add(double seconds, double compileSeconds) {
    rounds.addFirst(new double[] {seconds, compileSeconds});
    // Keep the newest rounds that reach the window, and no older one.
    double kept = 0;
    int keep = 0;
    for (double[] r : rounds) {
      keep++;
      kept += r[0];
      if (kept >= window) {
        break;
      }
    }
    while (rounds.size() > keep) {
      rounds.removeLast();
    }
  }

  /** Seconds the share is over: the window or more, or less while the rounds are too few. */
  double seconds() {
    return rounds.stream().mapToDouble(r -> r[0]).sum();
  }

  /** The compilers' time over {@link #seconds()}; 0 before any round. */
  double share() {
    double seconds = seconds();
    return seconds > 0 ? rounds.stream().mapToDouble(r -> r[1]).sum() / seconds : 0;
  }

  /** True once the rounds fill the window and the compilers took less than {@code limit} of it. */
  boolean settled(double limit) {
    return seconds() >= window && share() < limit;
  }
}
