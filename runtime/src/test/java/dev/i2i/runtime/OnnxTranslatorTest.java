package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime on the committed season generator (made by the trainer's exporter). */
class OnnxTranslatorTest {
  static final Path MODEL = Path.of("..", "models", "summer2winter", "1");
  @TempDir Path tmp;

  @Test
  void translatesImagesOfAnySizeKeepingTheSize() throws Exception {
    ModelFolder model = ModelFolder.open(MODEL);
    try (OnnxTranslator t = OnnxTranslator.open(model, Device.CPU)) {
      assertEquals("CPU", t.provider());
      BufferedImage out = t.translate(new BufferedImage(70, 45, BufferedImage.TYPE_INT_RGB));
      assertEquals(70, out.getWidth());
      assertEquals(45, out.getHeight());
      float[] y = t.run(new float[2 * 3 * 16 * 20], new long[] {2, 3, 16, 20});
      assertEquals(2 * 3 * 16 * 20, y.length);
      for (float v : y) {
        assertTrue(v >= -1 && v <= 1, "output in [-1,1]: " + v);
      }
    }
  }

  @Test
  void keptBuffersGiveTheSameResultsAsFreshOnesAtEverySizeAndInBatches() throws Exception {
    ModelFolder model = ModelFolder.open(MODEL);
    BufferedImage big = pattern(64, 48, 7);
    BufferedImage small = pattern(32, 32, 3);
    BufferedImage padded = pattern(30, 21, 5); // not a multiple of the model's input multiple
    try (OnnxTranslator t = OnnxTranslator.open(model, Device.CPU)) {
      int[] first = pixels(t.translate(big));
      // The same thread's buffers now hold a larger tensor: smaller calls reuse part of them.
      int[] smallOnce = pixels(t.translate(small));
      int[] paddedOnce = pixels(t.translate(padded));
      assertArrayEquals(first, pixels(t.translate(big)));
      java.util.List<BufferedImage> batch = t.translateAll(java.util.List.of(small, small, small));
      for (BufferedImage one : batch) {
        assertArrayEquals(smallOnce, pixels(one));
      }
      assertArrayEquals(paddedOnce, pixels(t.translate(padded)));
      // The pinned output holds what the copying path returns.
      float[] x = ImageTensors.toChw(big);
      long[] shape = {1, 3, 48, 64};
      java.nio.FloatBuffer in = TensorBuffers.allocate(x.length).put(x).flip();
      java.nio.FloatBuffer out = TensorBuffers.allocate(x.length);
      t.run(in, out, shape);
      float[] pinned = new float[x.length];
      out.get(pinned);
      assertArrayEquals(t.run(x, shape), pinned);
      // A tensor too large to keep is made for the call: still right.
      int side = 600; // 3 x 600 x 600 floats > TensorBuffers.MAX_KEPT_FLOATS
      assertTrue(3 * side * side > TensorBuffers.MAX_KEPT_FLOATS);
      BufferedImage huge = pattern(side, side, 11);
      assertArrayEquals(pixels(t.translate(huge)), pixels(t.translate(huge)));
    }
  }

  private static BufferedImage pattern(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (x * 7919 * seed + y * 104729) & 0xffffff);
      }
    }
    return img;
  }

  private static int[] pixels(BufferedImage img) {
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  @Test
  void aChangedModelFileIsRefusedByItsSha256() throws IOException {
    Path copy = tmp.resolve("m");
    Files.createDirectories(copy);
    Files.copy(MODEL.resolve("card.json"), copy.resolve("card.json"));
    byte[] bytes = Files.readAllBytes(MODEL.resolve("model.onnx"));
    bytes[bytes.length - 1] ^= 1;
    Files.write(copy.resolve("model.onnx"), bytes);
    IOException e = assertThrows(IOException.class, () -> ModelFolder.open(copy));
    assertTrue(e.getMessage().contains("but its card says"), e.getMessage());
  }

  @Test
  void bytesThatAreNoModelAreRefusedByOnnxRuntime() throws IOException {
    Path junk = tmp.resolve("junk.onnx");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5});
    assertThrows(OrtException.class, () -> OnnxTranslator.open(junk, 4, Device.CPU));
  }

  @Test
  void askingForCudaWhereItCannotRunFailsClearlyAndAutoFallsBack() throws Exception {
    Path onnx = MODEL.resolve("model.onnx");
    try (OnnxTranslator t = OnnxTranslator.open(onnx, 4, Device.AUTO)) {
      assertTrue(t.provider().equals("CPU") || t.provider().equals("CUDA"));
    }
    if (!System.getProperty("i2i.cuda", "false").equals("true")) {
      OrtException e =
          assertThrows(OrtException.class, () -> OnnxTranslator.open(onnx, 4, Device.CUDA));
      assertTrue(e.getMessage().contains("CUDA was requested but cannot run here"), e.getMessage());
    }
  }

  @Test
  void aProviderWhoseSessionFailsHandsOverToTheNextAndTheLastFailureIsThrown() throws Exception {
    byte[] bytes = Files.readAllBytes(MODEL.resolve("model.onnx"));
    // Session creation fails for real: the bytes are ONNX, this provider wants ORT format.
    OnnxTranslator.Provider broken =
        new OnnxTranslator.Provider(
            "BROKEN", o -> o.addConfigEntry("session.load_model_format", "ORT"));
    try (OnnxTranslator t =
        OnnxTranslator.openFirst(
            bytes, "m", 4, 0, java.util.List.of(broken, OnnxTranslator.Provider.CPU))) {
      assertEquals("CPU", t.provider());
      assertTrue(t.warmUp() > 0);
    }
    assertThrows(
        OrtException.class,
        () -> OnnxTranslator.openFirst(bytes, "m", 4, 0, java.util.List.of(broken)));
  }
}
