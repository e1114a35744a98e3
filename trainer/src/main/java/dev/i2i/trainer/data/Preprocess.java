package dev.i2i.trainer.data;

import dev.i2i.runtime.ImageTensors;
import java.awt.image.BufferedImage;

/**
 * The reference preprocessing ("resize_and_crop"): resize to {@code loadSize} square (bicubic),
 * random {@code cropSize} crop, random horizontal flip, scale to [-1,1].
 */
public record Preprocess(int loadSize, int cropSize, boolean flip) {
  public Preprocess {
    if (cropSize < 16 || cropSize > loadSize) {
      throw new IllegalArgumentException(
          "need 16 <= --crop-size <= --load-size, got crop " + cropSize + ", load " + loadSize);
    }
  }

  /** Returns CHW floats in [-1,1] of size 3*cropSize*cropSize. */
  public float[] apply(BufferedImage image, Rng rng, String source) {
    return applyAll(new BufferedImage[] {image}, rng, source)[0];
  }

  /**
   * The paired ("aligned") version: both images get the same resize, crop and flip, so the pixels
   * of A and B stay in register.
   */
  public float[][] applyPair(BufferedImage a, BufferedImage b, Rng rng, String source) {
    return applyAll(new BufferedImage[] {a, b}, rng, source);
  }

  private float[][] applyAll(BufferedImage[] images, Rng rng, String source) {
    for (BufferedImage image : images) {
      if (image.getWidth() < cropSize || image.getHeight() < cropSize) {
        throw new IllegalArgumentException(
            source
                + " is "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + (images.length > 1 ? " per half" : "")
                + ", smaller than --crop-size "
                + cropSize);
      }
    }
    int x0 = rng.nextInt(loadSize - cropSize + 1);
    int y0 = rng.nextInt(loadSize - cropSize + 1);
    boolean mirror = flip && rng.nextDouble() < 0.5;
    float[][] out = new float[images.length][];
    for (int i = 0; i < images.length; i++) {
      out[i] = cropFlip(images[i], x0, y0, mirror);
    }
    return out;
  }

  private float[] cropFlip(BufferedImage image, int x0, int y0, boolean mirror) {
    BufferedImage resized = ImageTensors.resize(image, loadSize, loadSize);
    float[] full = ImageTensors.toChw(resized);
    float[] out = new float[3 * cropSize * cropSize];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < cropSize; y++) {
        int src = (c * loadSize + y0 + y) * loadSize + x0;
        int dst = (c * cropSize + y) * cropSize;
        if (mirror) {
          for (int x = 0; x < cropSize; x++) {
            out[dst + x] = full[src + cropSize - 1 - x];
          }
        } else {
          System.arraycopy(full, src, out, dst, cropSize);
        }
      }
    }
    return out;
  }
}
