package dev.i2i.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training data is read by the serving decoder: its formats, and its checks before decoding. */
class ImageFolderTest {
  @TempDir Path tmp;

  @Test
  void readsTiffAndRefusesADecompressionBombByItsHeader() throws Exception {
    BufferedImage img = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 2, 0xff0000);
    assertTrue(ImageIO.write(img, "tiff", tmp.resolve("a.tif").toFile()), "a TIFF writer");
    Files.write(tmp.resolve("b.png"), pngHeader(100_000, 100_000));
    Files.writeString(tmp.resolve("notes.txt"), "not listed");

    ImageFolder folder = ImageFolder.open(tmp);
    assertEquals(2, folder.size(), "images only: " + folder.files());
    BufferedImage tiff = folder.read(0);
    assertEquals(12, tiff.getWidth());
    assertEquals(0xff0000, tiff.getRGB(3, 2) & 0xffffff);
    IOException e = assertThrows(IOException.class, () -> folder.read(1));
    assertTrue(e.getMessage().contains("b.png"), e.getMessage());
    assertTrue(e.getMessage().contains("pixels"), "refused by its size: " + e.getMessage());
  }

  /** A PNG whose header claims w x h pixels, with no pixel data behind it. */
  private static byte[] pngHeader(int w, int h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes()).putInt(w).putInt(h).put((byte) 8).put((byte) 2);
    ihdr.put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    out.write(ByteBuffer.allocate(4).putInt(13).array());
    out.write(ihdr.array());
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }
}
