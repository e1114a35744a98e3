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
}
