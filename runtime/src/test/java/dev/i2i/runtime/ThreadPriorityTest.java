package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
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

  @Test
  void theJitCompilersGoBelowTheProcessAndStayThere() throws Exception {
    Path tasks = Path.of("/proc/self/task");
    assumeTrue(Files.isDirectory(tasks), "Linux only");
    List<Path> compilers;
    try (Stream<Path> all = Files.list(tasks)) {
      compilers = all.filter(ThreadPriority::isJitCompiler).toList();
    }
    assertFalse(compilers.isEmpty(), "HotSpot has C1 and C2 compiler threads");
    int process = ThreadPriority.niceOf(Path.of("/proc/self"));
    ThreadPriority.lowerJitCompilers(4);
    for (Path c : compilers) {
      assertEquals(Math.min(19, process + 4), ThreadPriority.niceOf(c), c.toString());
    }
    assertEquals(0, ThreadPriority.lowerJitCompilers(4), "already there: nothing to change");
    assertEquals(process, nice(), "the calling thread keeps its priority");
  }
}
