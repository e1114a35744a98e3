package dev.i2i.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {
  @TempDir Path tmp;

  static ModelCard valid() {
    return new ModelCard(
        "summer2winter",
        1,
        ModelKind.CYCLEGAN,
        "summer",
        "winter",
        64,
        4,
        Sha256.of(new byte[] {1, 2, 3}),
        ModelContract.VERSION,
        Map.of("ngf", 16),
        Map.of("psnr", 21.5),
        "2026-11-28T12:00:00Z",
        8);
  }

  @Test
  void aCardSurvivesAJsonRoundTrip() throws IOException {
    Path f = tmp.resolve("card.json");
    ModelCards.write(valid(), f);
    ModelCard back = ModelCards.read(f);
    assertEquals(valid(), back);
    assertEquals(16, back.training().get("ngf"));
  }

  @Test
  void everyProblemIsListed() {
    ModelCard bad =
        new ModelCard(
            "Summer 2 Winter",
            0,
            null,
            "",
            "winter",
            0,
            3,
            "abc",
            "other/v9",
            null,
            null,
            "yesterday",
            7);
    List<String> p = bad.problems();
    assertEquals(10, p.size(), p.toString());
    assertTrue(bad.problems().toString().contains("minInputSize 7 must be a positive multiple"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::validated);
    assertTrue(e.getMessage().contains("version 0 must be a positive integer"), e.getMessage());
    assertTrue(e.getMessage().contains("inputMultiple 3 must be a positive power of two"));
    assertTrue(e.getMessage().contains("kind is missing, expected one of cyclegan|pix2pix"));
  }

  @Test
  void readingABrokenCardNamesTheFile() throws IOException {
    Path f = tmp.resolve("card.json");
    Files.writeString(f, "{\"name\": \"x\", \"version\": -2}");
    IOException e = assertThrows(IOException.class, () -> ModelCards.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    Files.writeString(f, "{ not json");
    e = assertThrows(IOException.class, () -> ModelCards.read(f));
    assertTrue(e.getMessage().contains("cannot read model card " + f), e.getMessage());
  }
}
