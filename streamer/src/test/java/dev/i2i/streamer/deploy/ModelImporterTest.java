package dev.i2i.streamer.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.runtime.OnnxRewriter;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.schemas.ModelKind;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelImporterTest {
  @TempDir Path tmp;

  /** The bundled model as another framework would export it: other names, a fixed 1x3x64x64. */
  Path foreign() throws Exception {
    long[] fixed = {1, 3, 64, 64};
    byte[] bytes =
        new OnnxRewriter(
                Map.of("image", "input.1", "translated", "253"),
                (i, d) -> OnnxRewriter.Dim.fixed(fixed[i]))
            .rewrite(Files.readAllBytes(TestModels.BUNDLED.resolve(ModelFolder.MODEL_FILE)));
    Path p = tmp.resolve("generator.onnx");
    Files.write(p, bytes);
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        OrtSession s = OrtEnvironment.getEnvironment().createSession(p.toString(), o)) {
      assertEquals("input.1", s.getInputNames().iterator().next());
      assertArrayEquals(fixed, ((TensorInfo) s.getInputInfo().get("input.1").getInfo()).getShape());
    }
    return p;
  }

  ModelImporter.Options options(String input) {
    return new ModelImporter.Options(
        input, null, ModelKind.CYCLEGAN, "summer", "winter", 64, 4, Map.of("source", "test"));
  }

  @Test
  void aForeignModelIsMappedOntoTheContractAndTranslatesAsTheOriginal() throws Exception {
    ModelRepository repo = new ModelRepository(tmp.resolve("models"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ModelFolder imported =
        new ModelImporter(repo, Device.CPU, new PrintStream(log))
            .importOnnx("foreign", foreign(), options(null));
    assertEquals(1, imported.card().version());
    assertEquals("input.1", imported.card().training().get("originalInput"));
    assertTrue(log.toString().contains("'input.1' -> 'image'"), log.toString());

    BufferedImage img = TestImages.scene(48, 40, 3); // not 64x64: needs dynamic H and W
    try (OnnxTranslator mine = OnnxTranslator.open(imported, Device.CPU);
        OnnxTranslator original =
            OnnxTranslator.open(ModelFolder.open(TestModels.BUNDLED), Device.CPU)) {
      BufferedImage a = mine.translate(img);
      BufferedImage b = original.translate(img);
      for (int y = 0; y < 40; y++) {
        for (int x = 0; x < 48; x++) {
          assertEquals(b.getRGB(x, y), a.getRGB(x, y), "pixel " + x + "," + y);
        }
      }
    }
  }

  @Test
  void whatCannotBeMappedIsRefusedWithTheReason() throws Exception {
    ModelRepository repo = new ModelRepository(tmp.resolve("models"));
    ModelImporter importer =
        new ModelImporter(repo, Device.CPU, new PrintStream(new ByteArrayOutputStream()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> importer.importOnnx("foreign", foreign(), options("nope")));
    assertTrue(e.getMessage().contains("[input.1]"), e.getMessage());
    Path junk = tmp.resolve("junk.onnx");
    Files.writeString(junk, "not a model");
    assertThrows(
        IllegalStateException.class, () -> importer.importOnnx("junk", junk, options(null)));
    assertTrue(repo.versions("foreign").isEmpty() && repo.versions("junk").isEmpty());
  }
}
