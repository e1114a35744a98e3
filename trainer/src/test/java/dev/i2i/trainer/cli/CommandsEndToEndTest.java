package dev.i2i.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user types them: dataset, train, export, translate, evaluate. */
class CommandsEndToEndTest {
  @TempDir Path tmp;

  private static int run(String... args) {
    return TrainerMain.commandLine().execute(args);
  }

  @Test
  void datasetTrainExportTranslateEvaluate() throws Exception {
    Path data = tmp.resolve("data");
    Path runDir = tmp.resolve("run");
    Path models = tmp.resolve("models");
    assertEquals(
        0,
        run(
            "dataset",
            "season",
            "--out",
            data.toString(),
            "--size",
            "32",
            "--train",
            "4",
            "--test",
            "3",
            "--seed",
            "2"));
    assertEquals(
        0,
        run(
            "train",
            "cyclegan",
            "--data",
            data.toString(),
            "--run",
            runDir.toString(),
            "--generator",
            "resnet_6blocks",
            "--ngf",
            "4",
            "--blocks",
            "1",
            "--ndf",
            "4",
            "--n-layers-d",
            "2",
            "--load-size",
            "36",
            "--crop-size",
            "32",
            "--max-steps",
            "3"));
    assertTrue(Files.exists(runDir.resolve("checkpoint/tensors.bin")));
    String report = report(runDir);
    assertTrue(report.contains("<img src=\"losses.png\""), report);
    assertTrue(report.contains("src=\"samples/step_0000003_A.png\""), report);
    assertTrue(report.contains("Not exported yet"), report);
    assertEquals(0, run("export", "--run", runDir.toString(), "--out", models.toString()));
    Path model = models.resolve("summer2winter/1");
    assertTrue(Files.exists(model.resolve("model.onnx")));
    report = report(runDir);
    assertTrue(report.contains("summer2winter v1 (summer -&gt; winter)"), report);
    assertTrue(report.contains("winter2summer v1"), report);
    assertTrue(report.contains("No metrics yet"), report);

    Path in = tmp.resolve("photos");
    Files.createDirectories(in);
    ImageIO.write(
        new BufferedImage(50, 30, BufferedImage.TYPE_INT_RGB),
        "png",
        in.resolve("wide.png").toFile());
    ImageIO.write(
        new BufferedImage(17, 41, BufferedImage.TYPE_BYTE_GRAY),
        "jpg",
        in.resolve("tall.jpg").toFile());
    Path out = tmp.resolve("translated");
    assertEquals(
        0,
        run(
            "translate",
            "--model",
            model.toString(),
            "--in",
            in.toString(),
            "--out",
            out.toString()));
    BufferedImage wide = ImageIO.read(out.resolve("wide.png").toFile());
    BufferedImage tall = ImageIO.read(out.resolve("tall.jpg").toFile());
    assertEquals(50, wide.getWidth());
    assertEquals(30, wide.getHeight());
    assertEquals(17, tall.getWidth());
    assertEquals(41, tall.getHeight());

    assertEquals(0, run("evaluate", "--model", model.toString(), "--data", data.toString()));
    ModelCard card = ModelCards.read(model.resolve("card.json"));
    assertEquals(3.0, card.metrics().get("test_images"));
    assertTrue(card.metrics().get("colortransfer_psnr") > card.metrics().get("identity_psnr"));

    // Unpaired scoring: the round trip through the opposite generator.
    assertEquals(
        0,
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--reverse-model",
            models.resolve("winter2summer/1").toString()));
    card = ModelCards.read(model.resolve("card.json"));
    assertTrue(card.metrics().get("cycle_l1") > 0 && card.metrics().get("cycle_l1") < 1);

    // Unpaired data (testA/ and trainB/ only): the layout distance, the same as with pairs.
    double paired = card.metrics().get("layout_distance");
    Path unpaired = tmp.resolve("unpaired");
    for (String dir : List.of("testA", "trainB")) {
      copyFolder(data.resolve(dir), unpaired.resolve(dir));
    }
    Path alone = tmp.resolve("alone");
    copyFolder(model, alone);
    assertEquals(0, run("evaluate", "--model", alone.toString(), "--data", unpaired.toString()));
    ModelCard scored = ModelCards.read(alone.resolve("card.json"));
    assertEquals(paired, scored.metrics().get("layout_distance"), 1e-12);
    assertTrue(paired > 0 && paired < 1, "layout " + paired);

    // The report shows the evaluation once it is written again.
    assertEquals(0, run("report", "--run", runDir.toString()));
    report = report(runDir);
    assertTrue(report.contains("<th>psnr</th>"), report);
    assertTrue(report.contains(String.format("%.4f", card.metrics().get("psnr"))), report);
  }

  /** Copies the files of a flat folder. */
  private static void copyFolder(Path from, Path to) throws java.io.IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  /** The run's report, after checking that every image it shows is there. */
  static String report(Path runDir) throws Exception {
    String html = Files.readString(runDir.resolve("report.html"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("src=\"([^\"]+)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      assertTrue(Files.exists(runDir.resolve(m.group(1))), m.group(1) + " is missing");
      images++;
    }
    assertTrue(images >= 2, html);
    return html;
  }

  @Test
  void aBadFlagValueSaysWhatIsAllowed() {
    StringWriter err = new StringWriter();
    CommandLine cli = TrainerMain.commandLine();
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "train",
            "cyclegan",
            "--data",
            tmp.toString(),
            "--run",
            tmp.resolve("r").toString(),
            "--generator",
            "unet");
    assertEquals(2, code);
    assertTrue(
        err.toString()
            .contains(
                "unknown generator 'unet', expected one of resnet_6blocks | resnet_9blocks |"
                    + " resnet_bn_6blocks | unet_128 | unet_256 | unet_N (N 2-9)"),
        err.toString());
  }

  @Test
  void anEnumFlagTakesAnyCaseAndABadValueListsTheAllowedOnes() {
    StringWriter err = new StringWriter();
    CommandLine cli = TrainerMain.commandLine();
    cli.setErr(new PrintWriter(err));
    String[] args = {"translate", "--model", "m", "--in", "i", "--out", "o", "--device", "gpu"};
    assertEquals(2, cli.execute(args));
    assertTrue(err.toString().contains("expected one of [CPU, CUDA, AUTO]"), err.toString());
    assertEquals(
        dev.i2i.runtime.Device.AUTO,
        cli.getSubcommands()
            .get("translate")
            .parseArgs("--model", "m", "--in", "i", "--out", "o", "--device", "Auto")
            .matchedOptionValue("--device", null));
  }

  @Test
  void anUnknownDatasetGeneratorListsTheKnownOnes() {
    StringWriter err = new StringWriter();
    CommandLine cli = TrainerMain.commandLine();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("dataset", "cityscapes", "--out", tmp.toString()));
    assertTrue(err.toString().contains("season"), err.toString());
  }
}
