package dev.i2i.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code i2i bench train} at a toy size: the table row, the profile with its sections and the time
 * by op type.
 */
class BenchTrainCommandTest {
  @Test
  void printsTheTableAndWhereAStepsMemoryGoes() {
    System.setProperty("i2i.freeAsYouGo", "true"); // the large-model path, on a toy size
    String out;
    try {
      out = toyCycleGan("--steps", "2", "--warmup", "1", "--profile");
    } finally {
      System.clearProperty("i2i.freeAsYouGo");
    }
    assertTrue(
        out.contains(
            "| CycleGAN 32x32 ngf 4 ndf 4 1 blocks, batch 1, transposed, no array pool (--profile) |"),
        out);
    assertTrue(out.contains("ops ran; they produced"), out);
    assertTrue(out.contains("bytes produced by layer (forward | backward)"), out);
    assertTrue(out.contains("  generators from A:G_"), "layers are named: " + out);
    assertTrue(out.contains("arrays the sessions still hold after the step"), out);
  }

  @Test
  void pix2pixAndABadProcedure() {
    String out =
        run(
            "bench",
            "train",
            "--procedure",
            "pix2pix",
            "--size",
            "32",
            "--ngf",
            "4",
            "--ndf",
            "4",
            "--steps",
            "1",
            "--warmup",
            "0",
            "--op-times");
    assertTrue(out.contains("| Pix2Pix 32x32 unet_5 ngf 4 ndf 4, batch 1, transposed |"), out);
    assertTrue(out.matches("(?s).*compiled gradient passes: [1-9][0-9]+ ops and .*"), out);
    assertTrue(out.matches("(?s).*\\| conv2d_bp \\| [0-9.]+ \\| [0-9]+ % \\| [0-9]+ \\|.*"), out);
    assertEquals(
        dev.i2i.cli.CliErrors.USAGE,
        TrainerMain.commandLine().execute("bench", "train", "--procedure", "gan"));
  }

  @Test
  void aSecondCriticIsPartOfTheSetting() {
    String out = toyCycleGan("--n-layers-d2", "2", "--steps", "1", "--warmup", "0");
    assertTrue(
        out.contains(
            "| CycleGAN 32x32 ngf 4 ndf 4 1 blocks, second critic 2 layers, batch 1, transposed |"),
        out);
    // Too deep for the image (a 4-layer critic needs 48 px), or on Pix2Pix: refused.
    assertEquals(
        dev.i2i.cli.CliErrors.USAGE,
        TrainerMain.commandLine()
            .execute("bench", "train", "--size", "32", "--n-layers-d2", "4", "--steps", "1"));
    assertEquals(
        dev.i2i.cli.CliErrors.USAGE,
        TrainerMain.commandLine()
            .execute("bench", "train", "--procedure", "pix2pix", "--n-layers-d2", "2"));
  }

  /**
   * {@code i2i bench train} on a toy CycleGAN (32 px, ngf and ndf 4, one block), then {@code more}.
   */
  private static String toyCycleGan(String... more) {
    String[] toy = {"bench", "train", "--size", "32", "--ngf", "4", "--ndf", "4", "--blocks", "1"};
    return run(Stream.concat(Arrays.stream(toy), Arrays.stream(more)).toArray(String[]::new));
  }

  private static String run(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      assertEquals(0, TrainerMain.commandLine().execute(args));
    } finally {
      System.setOut(out);
    }
    return captured.toString();
  }
}
