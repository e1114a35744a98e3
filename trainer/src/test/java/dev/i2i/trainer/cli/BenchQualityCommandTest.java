package dev.i2i.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    int code;
    try {
      code =
          TrainerMain.commandLine()
              .execute(
                  "bench",
                  "quality",
                  "--work",
                  tmp.toString(),
                  "--size",
                  "32",
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
                  "--blocks",
                  "1",
                  "--ndf",
                  "4");
    } finally {
      System.setOut(out);
    }
    String text = captured.toString();
    assertEquals(0, code, text);
    assertTrue(text.contains("| transposed | 1 |"), text);
    assertTrue(text.contains("| transposed | mean | "), text);
    assertTrue(text.matches("(?s).*\\| transposed \\| mean \\| [0-9.]+ ± [0-9.]+ \\(.*"), text);
    List<String> csv = Files.readAllLines(tmp.resolve("quality.csv"));
    assertEquals("upsampling,seed,psnr,ssim", csv.get(0));
    assertEquals(4, csv.size(), csv.toString());
  }
}
