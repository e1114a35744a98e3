package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ThreadPriorityTest {
  static int nice() throws Exception {
    return ThreadPriority.niceOf(Path.of("/proc/thread-self"));
  }

  @Test
  void lowersOnlyTheCallingThread() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
    int before = nice();
    int[] seen =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    boolean done = ThreadPriority.lowerCurrent(3);
                    return new int[] {done ? 1 : 0, nice()};
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                r -> new Thread(r).start())
            .get();
    assertEquals(1, seen[0]);
    assertEquals(before + 3, seen[1]);
    assertEquals(before, nice(), "other threads keep their priority");
    assertFalse(ThreadPriority.lowerCurrent(0));
  }
}
