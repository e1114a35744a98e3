package dev.i2i.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelContractTest {
  private static final long[] DYNAMIC = {-1, 3, -1, -1};

  @Test
  void aConformingSignatureHasNoProblems() {
    assertEquals(
        List.of(),
        ModelContract.checkSignature(
            List.of("image"), DYNAMIC, "FLOAT", List.of("translated"), DYNAMIC, "FLOAT"));
  }

  @Test
  void wrongNamesTypesAndShapesAreEachReported() {
    List<String> p =
        ModelContract.checkSignature(
            List.of("input"),
            new long[] {1, 1, 64, 64},
            "FLOAT",
            List.of("out", "aux"),
            new long[] {-1, 3, -1},
            "DOUBLE");
    assertEquals(5, p.size(), p.toString());
    assertTrue(p.get(0).contains("inputs are [input], expected exactly [image]"));
    assertTrue(p.contains("output type is DOUBLE, expected FLOAT (float32)"), p.toString());
  }

  @Test
  void sizesMustBeMultiplesOfTheInputMultiple() {
    ModelContract.requireMultiple(64, 48, 4);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ModelContract.requireMultiple(64, 50, 4));
    assertEquals(
        "image is 50x64, but the model needs sides that are multiples of 4", e.getMessage());
  }
}
