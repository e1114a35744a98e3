package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {
  @Test
  void rgbSurvivesARoundTripThroughTheTensorLayout() {
    BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(1);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    float[] chw = ImageTensors.toChw(img);
    assertEquals(3 * 35, chw.length);
    BufferedImage back = ImageTensors.fromChw(chw, 7, 5);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        assertEquals(img.getRGB(x, y), back.getRGB(x, y));
      }
    }
  }

  @Test
  void byteImagesAreReadInPlaceExactlyAsTheirRgbCopy() throws Exception {
    BufferedImage bgr = new BufferedImage(13, 9, BufferedImage.TYPE_3BYTE_BGR);
    Random r = new Random(2);
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 13; x++) {
        bgr.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    // ImageIO's own decoding of an RGB PNG, and a window into a larger image (offset rows and
    // columns in the same byte array), as well as the plain 3-byte image.
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(bgr, "png", png);
    BufferedImage decoded =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.toByteArray()));
    for (BufferedImage img : new BufferedImage[] {bgr, decoded, bgr.getSubimage(3, 2, 8, 5)}) {
      float[] inPlace = ImageTensors.toChw(img);
      float[] viaCopy = ImageTensors.toChw(ImageTensors.toRgb(img));
      assertEquals(BufferedImage.TYPE_INT_RGB, ImageTensors.toRgb(img).getType());
      assertArrayEquals(viaCopy, inPlace, "type " + img.getType());
    }
    // At a buffer's position, as the service writes a batch.
    FloatBuffer buf = FloatBuffer.allocate(7 + 3 * 13 * 9);
    buf.position(7);
    ImageTensors.toChw(bgr, buf);
    assertEquals(7 + 3 * 13 * 9, buf.position());
    float[] at = new float[3 * 13 * 9];
    buf.get(7, at);
    assertArrayEquals(ImageTensors.toChw(ImageTensors.toRgb(bgr)), at);
  }

  @Test
  void planesAreRedGreenBlueInMinusOneToOne() {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff0000);
    img.setRGB(1, 0, 0x0000ff);
    FloatBuffer direct =
        ByteBuffer.allocateDirect(6 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    ImageTensors.toChw(img, direct);
    float[] v = new float[6];
    direct.rewind().get(v);
    assertArrayEquals(new float[] {1, -1, -1, -1, -1, 1}, v);
  }

  @Test
  void grayscaleAndAlphaImagesBecomeRgbWithAlphaDropped() {
    BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(0, 0, 0, 255);
    assertArrayEquals(new float[] {1, 1, 1}, ImageTensors.toChw(gray));
    BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00ffffff); // fully transparent white: composited over black
    assertArrayEquals(new float[] {-1, -1, -1}, ImageTensors.toChw(argb));
  }

  @Test
  void valuesAreClampedAndRoundedToBytes() {
    assertEquals(0, ImageTensors.toByte(-3f));
    assertEquals(255, ImageTensors.toByte(1.5f));
    assertEquals(128, ImageTensors.toByte(0.001f));
  }

  @Test
  void bytesAreExactlyMathRoundClampedEvenAtTheHalves() {
    java.util.Random r = new java.util.Random(1);
    for (int k = 0; k < 256; k++) {
      // Values whose scaled form lies within a few ulps of k, and of k + 1/2 (the tie).
      for (float target : new float[] {k, k + 0.5f}) {
        float v = target / 127.5f - 1f;
        for (int step = -4; step <= 4; step++) {
          float near = v;
          for (int s = 0; s < Math.abs(step); s++) {
            near = step < 0 ? Math.nextDown(near) : Math.nextUp(near);
          }
          assertEquals(reference(near), ImageTensors.toByte(near), "at " + near);
        }
      }
    }
    for (int i = 0; i < 1_000_000; i++) {
      float v = (r.nextFloat() * 2.4f) - 1.2f;
      assertEquals(reference(v), ImageTensors.toByte(v), "at " + v);
    }
    for (float v :
        new float[] {
          Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 0f, Float.MIN_VALUE, -1f
        }) {
      assertEquals(reference(v), ImageTensors.toByte(v), "at " + v);
    }
  }

  /** The definition: Math.round of the scaled value, clamped to a byte. */
  private static int reference(float v) {
    int b = Math.round((v + 1f) * 127.5f);
    return b < 0 ? 0 : (b > 255 ? 255 : b);
  }

  @Test
  void paddingRepeatsTheEdgeAndCropUndoesIt() {
    float[] chw = new float[3 * 2 * 3]; // 3 wide, 2 high
    for (int i = 0; i < chw.length; i++) {
      chw[i] = i;
    }
    FloatBuffer padded = FloatBuffer.allocate(3 * 4 * 4);
    Padding.replicate(chw, 3, 2, padded, 4, 4);
    float[] p = padded.array();
    assertArrayEquals(
        new float[] {0, 1, 2, 2, 3, 4, 5, 5, 3, 4, 5, 5, 3, 4, 5, 5},
        java.util.Arrays.copyOfRange(p, 0, 16));
    assertArrayEquals(chw, Padding.crop(p, 4, 4, 3, 2));
  }

  @Test
  void shrinkingFiltersFineDetailInsteadOfAliasingIt() {
    // A white line every third pixel: shrunk about 7x, a filtered resize is an even dark grey
    // (Java2D's bicubic gives stripes and beats: standard deviation 97 here).
    BufferedImage stripes = new BufferedImage(256, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 256; x++) {
        stripes.setRGB(x, y, x % 3 == 0 ? 0xFFFFFF : 0);
      }
    }
    BufferedImage small = ImageTensors.resize(stripes, 37, 8);
    assertEquals(37, small.getWidth());
    assertEquals(8, small.getHeight());
    double sum = 0;
    double sq = 0;
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 37; x++) {
        int g = small.getRGB(x, y) & 0xFF;
        sum += g;
        sq += g * g;
      }
    }
    double mean = sum / (37 * 8);
    double sd = Math.sqrt(sq / (37 * 8) - mean * mean);
    assertEquals(85, mean, 12, "a third white on average");
    assertEquals(0, sd, 12, "no stripes or beats left");
    // Enlarging stays bicubic.
    BufferedImage big = ImageTensors.resize(small, 74, 16);
    assertEquals(74, big.getWidth());
  }
}
