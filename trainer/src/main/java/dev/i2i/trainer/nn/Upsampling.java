package dev.i2i.trainer.nn;

import java.util.Locale;

/**
 * How a generator doubles H and W in its decoder.
 *
 * <ul>
 *   <li>{@code TRANSPOSED}: the reference's transposed convolution (PyTorch {@code
 *       ConvTranspose2d(k3, s2, padding 1, output_padding 1)}): output pixel 2i sits on input pixel
 *       i, aligned with the encoder's stride-2 convs. The default.
 *   <li>{@code DECONV}: the transposed convolution of runs made before {@code TRANSPOSED} existed
 *       (SameDiff's SAME mode): every output is one pixel further right and down than the
 *       reference's, so a ResNet generator's two upsamplings misplace features by about three
 *       pixels, which training must learn to undo. Kept so those runs resume and export as they
 *       were trained.
 *   <li>{@code RESIZE}: nearest-neighbour upsampling followed by a 3x3 conv (Odena et al.,
 *       "Deconvolution and Checkerboard Artifacts", 2016).
 * </ul>
 */
public enum Upsampling {
  DECONV,
  RESIZE,
  TRANSPOSED;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** As the flag spells it, for help and error messages. */
  @Override
  public String toString() {
    return cliName();
  }
}
