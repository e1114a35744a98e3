package dev.i2i.demo.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The JIT compilers' share of the time over the latest warm-up rounds that together last at least a
 * window: the rounds are taken whole, newest first, so a short round never stands for the window
 * alone.
 */
final class JitWindow {
  /** One warm-up round: how long it took and how long the compilers worked in it, seconds. */
  private record Round(double seconds, double compileSeconds) {}

  private final double window;
  private final Deque<Round> rounds = new ArrayDeque<>();
  private double seconds; // of the rounds kept
  private double compileSeconds; // of the rounds kept

  JitWindow(double windowSeconds) {
    this.window = windowSeconds;
  }

  /** Adds a round, then drops the oldest rounds the window no longer needs. */
  void add(double roundSeconds, double roundCompileSeconds) {
    rounds.addFirst(new Round(roundSeconds, roundCompileSeconds));
    seconds += roundSeconds;
    compileSeconds += roundCompileSeconds;
    while (rounds.size() > 1 && seconds - rounds.getLast().seconds() >= window) {
      Round dropped = rounds.removeLast();
      seconds -= dropped.seconds();
      compileSeconds -= dropped.compileSeconds();
    }
  }

  /** Seconds the share is over: the window or more, or less while the rounds are too few. */
  double seconds() {
    return seconds;
  }

  /** The compilers' time over {@link #seconds()}; 0 before any round. */
  double share() {
    return seconds > 0 ? compileSeconds / seconds : 0;
  }

  /** True once the rounds fill the window and the compilers took less than {@code limit} of it. */
  boolean settled(double limit) {
    return seconds >= window && share() < limit;
  }
}
