package dev.i2i.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JIT compilers' CPU, from the threads Java does not list. */
class CompilerThreadsTest {
  @Test
  void aTasksTicksAreFoundPastANameWithSpacesAndParentheses() {
    String stat =
        "4242 (C2 CompilerThre) S 1 1 1 0 -1 1077936192 0 0 0 0 1234 56 0 0 20 0 1 0 100 0 0";
    assertEquals(1290, CompilerThreads.ticksOf(stat));
    assertEquals(7, CompilerThreads.ticksOf("7 (a) b (c)) R 1 1 1 0 -1 0 0 0 0 0 3 4 0 0 20"));
  }

  @Test
  void onLinuxTheCompilersHaveSpentCpuAndItOnlyGrows() {
    if (!Files.isDirectory(Path.of("/proc/self/task"))) {
      return; // elsewhere CpuUse falls back to HotSpot's own count
    }
    // By the time a test runs, the JVM has compiled the test framework's hot methods.
    double first = CompilerThreads.cpuMs();
    double x = 0;
    for (int i = 0; i < 5_000_000; i++) {
      x += Math.sin(i) * Math.cbrt(i); // a loop the compilers take up
    }
    double second = CompilerThreads.cpuMs();
    assertTrue(first > 0 && second >= first, first + " then " + second + " (" + x + ")");
    assertEquals(second, CpuUse.compileMs(), 50, "CpuUse counts the JIT from the same threads");
  }
}
