package dev.i2i.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.ImageTensors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWriterTest {
  @Test
  void everyPixelComesBackExactlyThroughImageIo() throws Exception {
    Random random = new Random(3);
    for (int[] size : new int[][] {{1, 1}, {3, 7}, {256, 170}, {17, 1}}) {
      BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          // Smooth gradients with noise, so both small and large differences between neighbours
          // (the Sub filter's wrap-around) are exercised.
          int noise = random.nextInt(256);
          image.setRGB(x, y, ((x * 7) & 0xff) << 16 | ((y * 3) & 0xff) << 8 | noise);
        }
      }
      byte[] png = ImageEncoder.PNG.encode(image);
      BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(size[0], back.getWidth());
      assertEquals(size[1], back.getHeight());
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          assertEquals(
              image.getRGB(x, y) & 0xffffff,
              back.getRGB(x, y) & 0xffffff,
              "pixel " + x + "," + y + " of " + size[0] + "x" + size[1]);
        }
      }
    }
  }

  @Test
  void aThreadsBuffersServeImagesOfAnySizeOneAfterAnother() throws Exception {
    // Noise compresses to more than the buffer a thread keeps; a row of 12000 pixels is wider
    // than the block deflate is fed in; the small ones come after the large ones.
    Random random = new Random(5);
    for (int[] size : new int[][] {{700, 700}, {2, 3}, {12000, 2}, {256, 256}, {1, 1}}) {
      BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      byte[] png = ImageEncoder.PNG.encode(image);
      if (size[0] == 700) {
        assertTrue(png.length > PngWriter.KEPT_BYTES, "larger than what is kept: " + png.length);
      }
      BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
      int[] want = image.getRGB(0, 0, size[0], size[1], null, 0, size[0]);
      int[] got = back.getRGB(0, 0, size[0], size[1], null, 0, size[0]);
      assertArrayEquals(want, got, size[0] + "x" + size[1]);
    }
  }

  @Test
  void imagesOfOtherTypesAreWrittenAsRgb() throws Exception {
    BufferedImage gray = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(2, 1, 0, 200);
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(ImageEncoder.PNG.encode(gray)));
    BufferedImage rgb = ImageTensors.toRgb(gray); // the tensor's view of it
    assertEquals(rgb.getRGB(2, 1) & 0xffffff, back.getRGB(2, 1) & 0xffffff);
    assertEquals(0, back.getRGB(0, 0) & 0xffffff);
  }
}
