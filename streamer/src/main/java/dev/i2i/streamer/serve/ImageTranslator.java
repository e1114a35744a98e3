package dev.i2i.streamer.serve;

import java.awt.image.BufferedImage;

/** Translates one image, keeping its size. Implementations are safe to call from many threads. */
@FunctionalInterface
public interface ImageTranslator {
  BufferedImage translate(BufferedImage image) throws Exception;
}
