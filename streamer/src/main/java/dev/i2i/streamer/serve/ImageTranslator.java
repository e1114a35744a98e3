package dev.i2i.streamer.serve;

import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.runtime.Tiling;
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

  /**
   * An ONNX Runtime generator as a translator, with its padding and native cancellation; images
   * larger than a tile are translated in overlapping tiles.
   */
  static ImageTranslator of(OnnxTranslator onnx, Tiling tiling) {
    return new ImageTranslator() {
      @Override
      public BufferedImage translate(BufferedImage image) throws Exception {
        return tiling.translate(image, onnx::translate);
      }

      @Override
      public List<BufferedImage> translateAll(List<BufferedImage> images) throws Exception {
        BufferedImage first = images.get(0);
        if (tiling.tiles(first.getWidth(), first.getHeight())) {
          return ImageTranslator.super.translateAll(images);
        }
        return onnx.translateAll(images);
      }

      @Override
      public long workPixels(int width, int height) {
        // A tiled image's tensors are one tile's; what it holds between decode and encode is the
        // image and its result.
        return tiling.tiles(width, height)
            ? Math.max((long) width * height, onnx.workPixels(tiling.tile(), tiling.tile()))
            : onnx.workPixels(width, height);
      }

      @Override
      public void cancel(Thread worker) {
        onnx.cancel(worker);
      }
    };
  }
}
