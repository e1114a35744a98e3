package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.Sha256;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding versions: the one way export, deploy and import write into a repository. */
class ModelRepositoryTest {
  static final Path BUNDLED = Path.of("..", "models", "summer2winter", "1");
  @TempDir Path tmp;

  static ModelFolder bundled() throws Exception {
    return ModelFolder.open(BUNDLED);
  }

  static List<String> entries(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void versionsAreNumberedAfterTheHighestAndTheFloorAndNeverOverwritten() throws Exception {
    ModelRepository repo = new ModelRepository(tmp);
    byte[] onnx = Files.readAllBytes(bundled().onnxFile());
    ModelCard card = bundled().card();
    ModelFolder v1 = repo.addVersion("winterish", onnx, card);
    assertEquals(1, v1.card().version());
    assertEquals("winterish", v1.card().name());
    assertEquals(Sha256.of(onnx), v1.card().sha256());
    ModelFolder v5 =
        repo.addVersion("winterish", onnx, card, 0, 4, ModelRepository.StagedCheck.NONE);
    assertEquals(5, v5.card().version(), "above a floor the deployment history names");
    assertEquals(6, repo.addVersion("winterish", onnx, card).card().version());
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> repo.addVersion("winterish", onnx, card, 5, 0, ModelRepository.StagedCheck.NONE));
    assertTrue(e.getMessage().contains("never overwritten"), e.getMessage());
    assertEquals(List.of("1", "5", "6"), entries(tmp.resolve("winterish")));
  }

  @Test
  void aCheckSeesTheStagedVersionAmendsItsCardOrLeavesNothingBehind() throws Exception {
    ModelRepository repo = new ModelRepository(tmp);
    byte[] onnx = Files.readAllBytes(bundled().onnxFile());
    ModelFolder added =
        repo.addVersion(
            "m",
            onnx,
            bundled().card(),
            3,
            0,
            staged -> {
              assertTrue(staged.dir().getFileName().toString().startsWith(".incoming-"));
              assertEquals(3, staged.card().version());
              return staged.card().withMinInputSize(16);
            });
    assertEquals(16, added.card().minInputSize());
    assertEquals(16, repo.open("m", 3).card().minInputSize());
    assertThrows(
        IllegalStateException.class,
        () ->
            repo.addVersion(
                "m",
                onnx,
                bundled().card(),
                0,
                0,
                staged -> {
                  throw new IllegalStateException("parity check failed");
                }));
    assertEquals(List.of("3"), entries(tmp.resolve("m")), "no version, no staging left");
  }

  @Test
  void aNameThatLeavesTheRepositoryIsRefused() throws Exception {
    ModelRepository repo = new ModelRepository(tmp.resolve("repo"));
    byte[] onnx = Files.readAllBytes(bundled().onnxFile());
    assertThrows(
        java.io.IOException.class, () -> repo.addVersion("../outside", onnx, bundled().card()));
  }
}
