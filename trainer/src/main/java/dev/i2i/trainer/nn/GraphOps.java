package dev.i2i.trainer.nn;

/**
 * The layer vocabulary the networks are written in. One implementation builds a SameDiff graph for
 * training, another an ONNX graph for serving, so both come from the same builder code. Parameters
 * are named {@code <layer>/W} and {@code <layer>/b}.
 *
 * @param <T> the graph's handle for a tensor
 */
public interface GraphOps<T> {
  /** 2-D convolution with zero padding {@code pad} on every side and a bias. */
  T conv(T x, String name, int in, int out, int kernel, int stride, int pad);

  /**
   * 3x3 stride-2 transposed convolution that exactly doubles H and W, with a bias.
   *
   * @param aligned true for the reference's alignment (output 2i on input i, {@link
   *     Upsampling#TRANSPOSED}); false for the legacy one pixel further on ({@link
   *     Upsampling#DECONV})
   */
  T deconv(T x, String name, int in, int out, boolean aligned);

  /** Nearest-neighbour upsampling that exactly doubles H and W. */
  T upsample(T x);

  /** Reflection padding by {@code pad} pixels on every side of H and W. */
  T reflectPad(T x, int pad);

  /** Instance normalisation over H and W per sample and channel, no affine, eps 1e-5. */
  T instanceNorm(T x, int channels);

  T relu(T x);

  T leakyRelu(T x, double alpha);

  T tanh(T x);

  T add(T a, T b);

  /** Concatenation along channels (U-Net skip connections). */
  T concat(T a, T b);

  /**
   * Batch normalisation with a learned scale ({@code name/gamma}) and shift ({@code name/beta}): in
   * training, over the batch's N, H and W (the batch statistics also update {@code
   * name/running_mean} and {@code name/running_var}); in inference, with those running statistics.
   * Eps 1e-5.
   */
  T batchNorm(T x, String name, int channels);

  /**
   * Dropout with probability 0.5 in training (each element kept and doubled, or zeroed); nothing in
   * inference. {@code downscale} is how many times smaller H and W are here than at the network's
   * input, so the trainer can draw the mask.
   */
  T dropout(T x, String name, int channels, int downscale);
}
