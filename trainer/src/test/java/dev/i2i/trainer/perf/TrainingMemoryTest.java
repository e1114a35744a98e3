package dev.i2i.trainer.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The working set of a training step is bounded: {@code i2i bench train} at 96x96, ngf 32, 6 blocks
 * runs in a JVM of its own (peak resident memory is per process) and must peak below 1.5 GB. It
 * peaked at 1.23 GB after the gradient pass learnt to free its arrays, and at 3.26 GB before.
 */
class TrainingMemoryTest {
  private static final long BUDGET_MB = 1536;

  @TempDir Path tmp;

  @Test
  void aStepAt96PixelsStaysWithinItsMemoryBudget() throws Exception {
    Path args = tmp.resolve("java.args");
    Files.writeString(args, "-cp \"" + System.getProperty("java.class.path") + "\"");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.io.tmpdir=" + tmp);
    String ext = System.getProperty("javacpp.platform.extension");
    if (ext != null) {
      cmd.add("-Djavacpp.platform.extension=" + ext);
    }
    cmd.add("@" + args);
    cmd.add("dev.i2i.trainer.cli.TrainerMain");
    cmd.addAll(
        List.of(
            "bench",
            "train",
            "--size",
            "96",
            "--ngf",
            "32",
            "--ndf",
            "32",
            "--blocks",
            "6",
            "--steps",
            "3",
            "--warmup",
            "1"));
    Path log = tmp.resolve("bench.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bench finished");
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), out);
    String row =
        out.lines().filter(l -> l.startsWith("| CycleGAN 96x96")).findFirst().orElseThrow();
    long peak = Long.parseLong(row.split("\\|")[4].trim());
    assertTrue(peak > 100, "peak resident memory is readable: " + row);
    assertTrue(peak <= BUDGET_MB, "peak resident memory " + peak + " MB > " + BUDGET_MB + " MB");
  }
}
