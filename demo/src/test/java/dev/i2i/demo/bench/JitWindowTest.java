package dev.i2i.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitWindowTest {
  @Test
  void oneQuietRoundAfterBusyOnesIsNotSettled() {
    JitWindow w = new JitWindow(10);
    rounds(w, 4, 0.2); // 10 % each
    w.add(2, 0); // the quiet round the warm-up used to stop at
    assertEquals(10, w.seconds(), 1e-9);
    assertEquals(0.08, w.share(), 1e-9);
    assertFalse(w.settled(0.02));
    rounds(w, 3, 0.01);
    // One round of 10 % is still in the window: 0.23 s of compiling in 10 s.
    assertEquals(0.023, w.share(), 1e-9);
    assertFalse(w.settled(0.02));
    rounds(w, 1, 0.01);
    // Now the window is the quiet round and four of 0.5 %.
    assertEquals(0.004, w.share(), 1e-9);
    assertTrue(w.settled(0.02));
  }

  /** {@code n} rounds of 2 s, each with {@code compile} seconds of compiling. */
  private static void rounds(JitWindow w, int n, double compile) {
    for (int i = 0; i < n; i++) {
      w.add(2, compile);
    }
  }

  @Test
  void tooFewSecondsAreNeverSettledHoweverQuiet() {
    JitWindow w = new JitWindow(10);
    w.add(3, 0);
    w.add(3, 0);
    w.add(3, 0);
    assertEquals(9, w.seconds(), 1e-9);
    assertFalse(w.settled(0.02));
    w.add(3, 0);
    assertEquals(12, w.seconds(), 1e-9);
    assertTrue(w.settled(0.02));
  }

  @Test
  void aRoundLongerThanTheWindowIsTheWindowAlone() {
    JitWindow w = new JitWindow(10);
    w.add(4, 4); // all compiling
    w.add(30, 0.3);
    assertEquals(30, w.seconds(), 1e-9);
    assertEquals(0.01, w.share(), 1e-9);
    assertTrue(w.settled(0.02));
  }
}
