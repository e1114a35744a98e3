package dev.i2i.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.streamer.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(1_000_000);

  @ParameterizedTest
  @CsvSource({"png,png", "jpeg,jpeg", "bmp,bmp", "gif,gif", "tiff,tiff"})
  void everyServedFormatDecodesAtItsSize(String writeAs, String expected) throws Exception {
    byte[] bytes = TestImages.encode(TestImages.scene(37, 21, 3), writeAs);
    ImageDecoder.Decoded d = decoder.decode(bytes);
    assertEquals(expected, d.format());
    assertEquals(37, d.image().getWidth());
    assertEquals(21, d.image().getHeight());
  }

  @Test
  void webpDecodesThroughThePlugin() throws Exception {
    byte[] webp;
    try (var in = getClass().getResourceAsStream("/scene-128x90.webp")) {
      webp = in.readAllBytes(); // made with Debian's cwebp from samples/summer-5-128x90.png
    }
    ImageDecoder.Decoded d = decoder.decode(webp);
    assertEquals("webp", d.format());
    assertEquals(128, d.image().getWidth());
    assertEquals(90, d.image().getHeight());
  }

  @Test
  void grayscaleAndAlphaImagesDecode() throws Exception {
    BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    assertEquals(8, decoder.decode(TestImages.encode(gray, "png")).image().getWidth());
    BufferedImage argb = new BufferedImage(8, 6, BufferedImage.TYPE_INT_ARGB);
    assertEquals(6, decoder.decode(TestImages.encode(argb, "png")).image().getHeight());
  }

  @Test
  void decodingAndEncodingNeedNoTemporaryFolder(@TempDir Path tmp) throws Exception {
    BufferedImage scene = TestImages.scene(40, 30, 1);
    byte[] png = TestImages.encode(scene, "png");
    byte[] jpeg = TestImages.encode(scene, "jpeg");
    Path gone = Files.createDirectory(tmp.resolve("cache"));
    ImageIO.setCacheDirectory(gone.toFile());
    Files.delete(gone); // as in a container whose temporary folder cannot be written
    try {
      assertTrue(ImageIO.getUseCache());
      // ImageIO's own stream over an InputStream needs a cache file: it fails here.
      assertThrows(
          Exception.class, () -> ImageIO.createImageInputStream(new ByteArrayInputStream(png)));
      for (byte[] bytes : List.of(png, jpeg)) {
        assertEquals(40, decoder.decode(bytes).image().getWidth());
      }
      for (ImageEncoder encoder : ImageEncoder.values()) {
        BufferedImage back = decoder.decode(encoder.encode(scene)).image();
        assertEquals(30, back.getHeight(), encoder.name());
      }
    } finally {
      ImageIO.setCacheDirectory(null);
    }
  }

  private FailureReason reasonFor(byte[] bytes) {
    return assertThrows(BadImageException.class, () -> decoder.decode(bytes)).reason();
  }

  @Test
  void badInputsGetTheirReasons() {
    assertEquals(FailureReason.EMPTY_VALUE, reasonFor(new byte[0]));
    assertEquals(
        FailureReason.NOT_AN_IMAGE,
        reasonFor("hello, not an image".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        FailureReason.TRUNCATED_IMAGE, reasonFor(TestImages.truncated(TestImages.png(64, 64))));
    assertEquals(
        FailureReason.TRUNCATED_IMAGE,
        reasonFor(TestImages.truncated(TestImages.encode(TestImages.scene(64, 64, 1), "jpeg"))));
    assertEquals(
        FailureReason.UNSUPPORTED_FORMAT,
        reasonFor("%PDF-1.7\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderAlone() {
    // 100000 x 100000 pixels declared; there is no pixel data at all, so only the header is read.
    BadImageException e =
        assertThrows(
            BadImageException.class,
            () -> decoder.decode(TestImages.pngHeaderOnly(100_000, 100_000)));
    assertEquals(FailureReason.TOO_MANY_PIXELS, e.reason());
    assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
  }
}
