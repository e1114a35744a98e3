package dev.i2i.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.streamer.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Files whose headers lie about the memory they need, and images at the edges of size. */
class HostileImagesTest {
  private final ImageDecoder decoder = new ImageDecoder(16_777_216);

  /** A 16x16 grey TIFF of ~150 bytes whose single tile is declared {@code tile x tile}. */
  static byte[] tiffWithTiles(int tile) {
    ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    b.putShort((short) 10);
    int[][] tags = {
      {256, 4, 16}, {257, 4, 16}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
      {277, 3, 1}, {322, 4, tile}, {323, 4, tile}, {324, 4, 150}, {325, 4, 10}
    };
    for (int[] t : tags) {
      b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
      if (t[1] == 3) {
        b.putShort((short) t[2]).putShort((short) 0);
      } else {
        b.putInt(t[2]);
      }
    }
    b.putInt(0);
    return b.array();
  }

  @Test
  void aTinyTiffDeclaringGiantTilesIsRefusedBeforeTheDecoderAllocates() {
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    long t0 = System.nanoTime();
    BadImageException e =
        assertThrows(BadImageException.class, () -> decoder.decode(tiffWithTiles(2_000_000_000)));
    assertEquals(FailureReason.TOO_MANY_PIXELS, e.reason());
    assertTrue(e.getMessage().contains("tiles"), e.getMessage());
    long after = rt.totalMemory() - rt.freeMemory();
    // Unchecked, the reader allocates a 2 GB tile buffer and takes seconds.
    assertTrue(after - before < 200_000_000, "allocated " + (after - before) + " bytes");
    assertTrue((System.nanoTime() - t0) / 1e6 < 2000, "took too long");
  }

  @Test
  void aTiffWithOrdinaryTilesStillReachesTheDecoder() {
    // Its data is missing, so it is truncated - but not refused for its tiles.
    BadImageException e =
        assertThrows(BadImageException.class, () -> decoder.decode(tiffWithTiles(64)));
    assertTrue(e.reason() != FailureReason.TOO_MANY_PIXELS, e.getMessage());
  }

  @Test
  void tinyPaletteAndThinImagesDecode() throws Exception {
    byte[] grey = new byte[256];
    for (int i = 0; i < 256; i++) {
      grey[i] = (byte) i;
    }
    BufferedImage palette =
        new BufferedImage(
            3, 5, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, grey, grey, grey));
    assertEquals(3, decoder.decode(TestImages.encode(palette, "png")).image().getWidth());
    assertEquals(20000, decoder.decode(TestImages.png(1, 20000)).image().getHeight());
  }

  @Test
  void anImageWithNoPixelsIsTooSmall() {
    // GIF89a, 0x0 screen, one 0x0 image with an empty LZW stream.
    byte[] gif = {
      'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2,
      0x44, 0x01, 0, 0x3B
    };
    BadImageException e = assertThrows(BadImageException.class, () -> decoder.decode(gif));
    assertEquals(FailureReason.IMAGE_TOO_SMALL, e.reason(), e.getMessage());
  }
}
