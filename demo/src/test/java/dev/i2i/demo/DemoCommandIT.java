package dev.i2i.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code i2i demo} as a user runs it: broker, service, samples, before/after pairs, table. */
class DemoCommandIT {
  @TempDir Path tmp;

  @Test
  void theDemoTranslatesEverySampleAndWritesBeforeAfterPairs() throws Exception {
    Path out = tmp.resolve("demo-output");
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    int code;
    try {
      code =
          DemoMain.commandLine()
              .execute(
                  "demo",
                  "--samples",
                  "../samples",
                  "--out",
                  out.toString(),
                  "--http-port",
                  "-1",
                  "--models-root",
                  "../models",
                  "--broker-dir",
                  tmp.resolve("broker").toString(),
                  "--state-dir",
                  tmp.resolve("state").toString());
    } finally {
      System.setOut(stdout);
    }
    String text = captured.toString();
    System.out.println(text);
    assertEquals(0, code);
    long samples;
    try (Stream<Path> s = Files.list(Path.of("../samples"))) {
      samples = s.filter(p -> ImageDecoder.isImageName(p.getFileName().toString())).count();
    }
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(samples, s.count());
    }
    assertTrue(text.contains(samples + " of " + samples + " images translated"), text);
    BufferedImage pair = ImageIO.read(out.resolve("summer-5-128x90.png").toFile());
    assertEquals(128 + 4 + 128, pair.getWidth());
    assertEquals(90, pair.getHeight());
  }

  @Test
  void aBadFlagValueSaysWhatIsAllowed() {
    StringWriter err = new StringWriter();
    CommandLine cli = DemoMain.commandLine();
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "demo",
            "--guarantee",
            "maybe_once",
            "--samples",
            "../samples",
            "--http-port",
            "-1",
            "--models-root",
            "../models",
            "--broker-dir",
            tmp.resolve("b").toString());
    assertEquals(2, code);
    assertTrue(
        err.toString().contains("expected exactly_once_v2 or at_least_once"), err.toString());
  }
}
