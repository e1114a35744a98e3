package dev.i2i.trainer.nn;

/**
 * The 70x70 PatchGAN discriminator (with 3 layers): 4x4 convs, stride 2 then 1, instance norm,
 * LeakyReLU 0.2, one logit per overlapping patch.
 */
public final class PatchDiscriminator {
  private PatchDiscriminator() {}

  /**
   * The smallest image side an {@code nLayers}-layer discriminator still gives a logit for: its
   * {@code nLayers} stride-2 convs halve the side, the two stride-1 ones take 1 each.
   */
  public static int smallestInput(int nLayers) {
    return 3 << nLayers;
  }

  /** Builds the discriminator on {@code input} with {@code inChannels} channels. */
  public static <T> T build(
      GraphOps<T> ops, T input, int inChannels, int ndf, int nLayers, String prefix) {
    T x = ops.leakyRelu(ops.conv(input, prefix + "/c0", inChannels, ndf, 4, 2, 1), 0.2);
    int mult = 1;
    for (int n = 1; n <= nLayers; n++) {
      int prev = mult;
      mult = Math.min(1 << n, 8);
      int stride = n < nLayers ? 2 : 1;
      x = ops.conv(x, prefix + "/c" + n, ndf * prev, ndf * mult, 4, stride, 1);
      x = ops.leakyRelu(ops.instanceNorm(x, ndf * mult), 0.2);
    }
    return ops.conv(x, prefix + "/logits", ndf * mult, 1, 4, 1, 1);
  }
}
