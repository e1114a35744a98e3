package dev.i2i.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code i2i bench quality} at a toy budget: two seeds, a table with their mean and spread. */
class BenchQualityCommandTest {
  @TempDir Path tmp;

  @Test
  void printsEverySeedAndTheMeanWithItsSpread() throws Exception {
    String text = run("--procedure", "cyclegan", "--size", "32", "--blocks", "1");
    assertTrue(text.contains("summer -> winter on 2 paired test scenes"), text);
    assertTrue(text.contains("trained on whole images"), text);
    assertTrue(
        text.contains("G resnet_6blocks with 1 block ngf 4"), text); // the run's, not the name's
    assertTrue(text.contains("3-layer PatchGAN, vanilla GAN loss:"), text); // the trainer's
    assertTrue(text.contains("| transposed | 1 |"), text);
    assertTrue(text.contains("| transposed | mean | "), text);
    assertTrue(text.matches("(?s).*\\| transposed \\| mean \\| [0-9.]+ ± [0-9.]+ \\(.*"), text);
    // The same runs' weight average, scored next to the last step's weights.
    assertTrue(text.contains("| transposed+average | 2 |"), text);
    assertTrue(text.contains("| transposed+average | mean | "), text);
    // The machine, since a seed's run depends on its kernels.
    assertTrue(
        text.matches("(?s).*\\ntrained on [^\\n]+(AVX-512|AVX2|without AVX2|CPU): .*"), text);
    List<String> csv = Files.readAllLines(tmp.resolve("quality.csv"));
    assertEquals("model,seed,psnr,ssim,layout", csv.get(0));
    assertTrue(csv.get(1).matches("transposed,1,[0-9.]+,[0-9.]+,0\\.[0-9]{4}"), csv.get(1));
    assertTrue(csv.get(4).startsWith("transposed+average,1,"), csv.get(4));
    assertEquals(7, csv.size(), csv.toString());
    Path run = tmp.resolve("runs/transposed-2-vanilla-avg0.999-1");
    for (String export : List.of("bench-export", "bench-export-average")) {
      assertTrue(Files.exists(run.resolve(export).resolve("summer2winter/1/model.onnx")), export);
    }
  }

  @Test
  void withoutAWeightAverageScoresTheLastWeightsAlone() throws Exception {
    String text =
        run("--procedure", "cyclegan", "--size", "32", "--blocks", "1", "--average-decay", "0");
    assertTrue(text.contains("| transposed | mean | "), text);
    assertFalse(text.contains("+average"), text);
    assertEquals(4, Files.readAllLines(tmp.resolve("quality.csv")).size());
    assertTrue(Files.exists(tmp.resolve("runs/transposed-2-vanilla-1/bench-export")), text);
  }

  @Test
  void trainsADeeperDiscriminatorInARunOfItsOwn() throws Exception {
    String text =
        run("--procedure", "cyclegan", "--size", "64", "--blocks", "1", "--n-layers-d", "4");
    assertTrue(text.contains("4-layer PatchGAN"), text);
    String options =
        Files.readString(tmp.resolve("runs/transposed-2-d4-vanilla-avg0.999-1/options.json"));
    assertTrue(options.matches("(?s).*\"nLayersD\" : 4\\b.*"), options);
  }

  @Test
  void trainsTheReferencesLeastSquaresInTheFolderOfRunsFromBeforeTheDefault() throws Exception {
    String text =
        run("--procedure", "cyclegan", "--size", "32", "--blocks", "1", "--gan-mode", "lsgan");
    assertTrue(text.contains("lsgan GAN loss:"), text);
    String options = Files.readString(tmp.resolve("runs/transposed-2-avg0.999-1/options.json"));
    assertTrue(options.matches("(?s).*\"ganMode\" : \"LSGAN\".*"), options);
  }

  @Test
  void trainsOnRandomCropsOfTheLoadSizeInARunOfItsOwn() throws Exception {
    String text =
        run("--procedure", "cyclegan", "--size", "32", "--blocks", "1", "--load-size", "36");
    assertTrue(text.contains("trained on random crops of 36x36"), text);
    String options =
        Files.readString(tmp.resolve("runs/transposed-2-load36-vanilla-avg0.999-1/options.json"));
    assertTrue(options.matches("(?s).*\"loadSize\" : 36\\b.*"), options);
    assertTrue(options.matches("(?s).*\"cropSize\" : 32\\b.*"), options);
  }

  @Test
  void scoresPix2PixOnTheEdgesToSceneTestPairs() throws Exception {
    String text = run("--procedure", "pix2pix", "--size", "32"); // 24 px is a 3-layer D's least
    assertTrue(text.contains("edges -> scene on 2 paired test pairs (32x32)"), text);
    assertTrue(text.matches("(?s).*\\| transposed \\| 2 \\| [0-9.]+ \\| [0-9.]+ \\|.*"), text);
    assertTrue(text.contains("| transposed+average | 2 |"), text);
    List<String> csv = Files.readAllLines(tmp.resolve("quality-pix2pix.csv"));
    assertEquals(7, csv.size(), csv.toString());
    Path run = tmp.resolve("runs/pix2pix-transposed-2-avg0.999-1");
    assertTrue(Files.exists(run.resolve("bench-export-average/edges2scene/1")), text);
  }

  /**
   * Runs the command at a toy budget (2 steps, seeds 1 and 2, ngf/ndf 4) and returns its output.
   */
  private String run(String... setting) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "bench",
                "quality",
                "--work",
                tmp.toString(),
                "--train",
                "4",
                "--test",
                "2",
                "--steps",
                "2",
                "--seeds",
                "1,2",
                "--upsampling",
                "transposed",
                "--ngf",
                "4",
                "--ndf",
                "4"));
    args.addAll(List.of(setting));
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    int code;
    try {
      code = TrainerMain.commandLine().execute(args.toArray(String[]::new));
    } finally {
      System.setOut(out);
    }
    String text = captured.toString();
    assertEquals(0, code, text);
    return text;
  }
}
