package dev.i2i.streamer.serve;

import dev.i2i.runtime.OnnxTranslator;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Translates one image, keeping its size. Implementations are safe to call from many threads. */
@FunctionalInterface
public interface ImageTranslator {
  BufferedImage translate(BufferedImage image) throws Exception;

  /**
   * Translates images of one size, in one call where the implementation can (a batch); by default
   * one after the other.
   */
  default List<BufferedImage> translateAll(List<BufferedImage> images) throws Exception {
    List<BufferedImage> out = new ArrayList<>(images.size());
    for (BufferedImage image : images) {
      out.add(translate(image));
    }
    return out;
  }

  /**
   * Pixels of the tensor an image of this size becomes (after padding to the model's input multiple
   * and smallest size): the request's cost, checked before memory is spent on it.
   */
  default long workPixels(int width, int height) {
    return (long) width * height;
  }

  /**
   * Asks the translation running on {@code worker} to stop (its deadline passed). The worker is
   * interrupted as well; this is for work an interrupt does not reach, such as a native run.
   */
  default void cancel(Thread worker) {}

  /** An ONNX Runtime generator as a translator, with its padding and native cancellation. */
  static ImageTranslator of(OnnxTranslator onnx) {
    return new ImageTranslator() {
      @Override
      public BufferedImage translate(BufferedImage image) throws Exception {
        return onnx.translate(image);
      }

      @Override
      public List<BufferedImage> translateAll(List<BufferedImage> images) throws Exception {
        return onnx.translateAll(images);
      }

      @Override
      public long workPixels(int width, int height) {
        return onnx.workPixels(width, height);
      }

      @Override
      public void cancel(Thread worker) {
        onnx.cancel(worker);
      }
    };
  }
}
