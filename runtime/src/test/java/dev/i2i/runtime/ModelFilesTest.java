package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.onnx.OnnxModel.ModelProto;
import dev.i2i.runtime.onnx.OnnxModel.TensorProto;
import dev.i2i.schemas.Sha256;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files that must not be served as they are, and images smaller than the network. */
class ModelFilesTest {
  static final Path MODEL = OnnxTranslatorTest.MODEL;
  @TempDir Path tmp;

  /** A copy of the bundled model in {@code ROOT/summer2winter/1}, its file replaced by bytes. */
  private Path copy(Path root, byte[] onnx) throws IOException {
    Path dir = root.resolve("summer2winter").resolve("1");
    Files.createDirectories(dir);
    String card = Files.readString(MODEL.resolve("card.json"), StandardCharsets.UTF_8);
    String sha = Sha256.of(MODEL.resolve("model.onnx"));
    Files.writeString(dir.resolve("card.json"), card.replace(sha, Sha256.of(onnx)));
    Files.write(dir.resolve("model.onnx"), onnx);
    return dir;
  }

  @Test
  void imagesSmallerThanTheNetworkAreTranslatedAtTheirOwnSize() throws Exception {
    try (OnnxTranslator t = OnnxTranslator.open(ModelFolder.open(MODEL), Device.CPU)) {
      // 4x4 gives the ResNet's blocks 1x1 feature maps, which reflection padding cannot pad.
      assertEquals(8, t.minSide());
      for (int[] size : new int[][] {{3, 5}, {1, 1}, {1, 300}, {300, 2}}) {
        BufferedImage out = t.translate(new BufferedImage(size[0], size[1], 1));
        assertEquals(size[0], out.getWidth());
        assertEquals(size[1], out.getHeight());
      }
      assertEquals(8L * 20000, t.workPixels(1, 20000));
      assertEquals(72L * 48, t.workPixels(70, 45));
    }
  }

  @Test
  void aModelWithExternalDataIsRefused() throws Exception {
    byte[] bundled = Files.readAllBytes(MODEL.resolve("model.onnx"));
    // One more initializer, whose data lives in an external file.
    ModelProto m = ModelProto.parseFrom(bundled);
    TensorProto outside =
        TensorProto.newBuilder().setDataLocation(TensorProto.DataLocation.EXTERNAL).build();
    byte[] onnx =
        m.toBuilder()
            .setGraph(m.getGraph().toBuilder().addInitializer(outside))
            .build()
            .toByteArray();
    assertEquals(0, OnnxRewriter.externalTensors(bundled));
    assertEquals(1, OnnxRewriter.externalTensors(onnx));
    ModelFolder folder = ModelFolder.open(copy(tmp, onnx));
    IOException e = assertThrows(IOException.class, () -> OnnxTranslator.open(folder, Device.CPU));
    assertTrue(e.getMessage().contains("external data"), e.getMessage());
  }

  @Test
  void theBytesLoadedAreTheBytesVerified() throws Exception {
    Path dir = copy(tmp, Files.readAllBytes(MODEL.resolve("model.onnx")));
    ModelFolder folder = ModelFolder.open(dir);
    Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3}); // swapped after the check
    IOException e = assertThrows(IOException.class, () -> OnnxTranslator.open(folder, Device.CPU));
    assertTrue(e.getMessage().contains("changed after it was verified"), e.getMessage());
  }

  @Test
  void symbolicLinksOutOfTheRepositoryAreRefused() throws Exception {
    Path outside = copy(tmp.resolve("elsewhere"), Files.readAllBytes(MODEL.resolve("model.onnx")));
    Path root = tmp.resolve("repo");
    Files.createDirectories(root.resolve("summer2winter"));
    Files.createSymbolicLink(root.resolve("summer2winter").resolve("1"), outside);
    ModelRepository repo = new ModelRepository(root);
    IOException e = assertThrows(IOException.class, () -> repo.open("summer2winter", 1));
    assertTrue(e.getMessage().contains("leads out of the model repository"), e.getMessage());

    Path linked = root.resolve("summer2winter").resolve("2");
    Files.createDirectories(linked);
    Files.copy(outside.resolve("card.json"), linked.resolve("card.json"));
    Files.createSymbolicLink(linked.resolve("model.onnx"), outside.resolve("model.onnx"));
    e = assertThrows(IOException.class, () -> ModelFolder.open(linked));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  @Test
  void theCardsSmallestInputIsTheOneTheModelNeeds() throws Exception {
    for (String m : new String[] {"summer2winter", "edges2scene"}) {
      ModelFolder folder = ModelFolder.open(MODEL.getParent().getParent().resolve(m).resolve("1"));
      try (OnnxTranslator t = OnnxTranslator.open(folder, Device.CPU)) {
        assertEquals(folder.card().minInputSize(), t.minSide(), m);
      }
    }
    Path dir = copy(tmp, Files.readAllBytes(MODEL.resolve("model.onnx")));
    String card = Files.readString(dir.resolve("card.json"));
    Files.writeString(
        dir.resolve("card.json"), card.replace("\"minInputSize\" : 8", "\"minInputSize\" : 4"));
    ModelFolder lying = ModelFolder.open(dir);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxTranslator.open(lying, Device.CPU));
    assertTrue(e.getMessage().contains("runs on nothing under 8"), e.getMessage());
  }
}
