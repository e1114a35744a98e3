package dev.i2i.trainer.nn;

/**
 * The Pix2Pix reference U-Net ({@code UnetGenerator}): {@code depth} 4x4 stride-2 convolutions down
 * (LeakyReLU 0.2 before each but the first, batch norm after each but the first and the innermost),
 * the same number of 2x upsamplings back (ReLU before, batch norm after each but the last, tanh at
 * the end), and each level's encoder output concatenated onto its decoder input. Channels double
 * from {@code ngf} up to {@code 8 ngf}. Dropout 0.5 follows the decoder layers of the {@code 8 ngf}
 * levels between the innermost and the first three (as the reference); a network too shallow to
 * have those keeps it on its deepest decoder layer that has a skip around it.
 *
 * @param depth downsamplings: 7 is unet_128, 8 is unet_256; the input must be a multiple of 2^depth
 * @param ngf channels of the first layer
 * @param upsampling how the decoder doubles H and W
 * @param dropout whether training drops out (the reference's Pix2Pix does, its CycleGAN does not)
 */
public record UnetGenerator(int depth, int ngf, Upsampling upsampling, boolean dropout)
    implements Generator {
  private static final int CHANNELS = 3;

  public UnetGenerator {
    if (depth < 2 || depth > 9) {
      throw new IllegalArgumentException("U-Net depth must be 2-9, got " + depth);
    }
    if (ngf < 1) {
      throw new IllegalArgumentException("ngf must be at least 1, got " + ngf);
    }
    upsampling = upsampling == null ? Upsampling.DECONV : upsampling;
  }

  /** With the reference's dropout (Pix2Pix). */
  public UnetGenerator(int depth, int ngf, Upsampling upsampling) {
    this(depth, ngf, upsampling, true);
  }

  @Override
  public String architecture() {
    return depth == 7 ? "unet_128" : depth == 8 ? "unet_256" : "unet_" + depth;
  }

  @Override
  public int inputMultiple() {
    return 1 << depth;
  }

  /** Channels of level {@code i}'s encoder output. */
  public int channels(int i) {
    return ngf * Math.min(1 << i, 8);
  }

  /** True when level {@code i}'s decoder layer is followed by dropout in training. */
  public boolean dropoutAt(int i) {
    if (!dropout) {
      return false;
    }
    boolean reference = i >= 4 && i < depth - 1; // the 8 ngf blocks between
    boolean shallow = depth < 6 && i == depth - 2 && i >= 1;
    return reference || shallow;
  }

  @Override
  public <T> T build(GraphOps<T> ops, T input, String prefix) {
    return level(ops, input, 0, prefix);
  }

  /** Level {@code i}: its encoder step, everything deeper, its decoder step. */
  private <T> T level(GraphOps<T> ops, T x, int i, String prefix) {
    String name = prefix + "/l" + i;
    int in = i == 0 ? CHANNELS : channels(i - 1);
    int out = channels(i);
    T down = i == 0 ? x : ops.leakyRelu(x, 0.2);
    down = ops.conv(down, name + "/down", in, out, 4, 2, 1);
    boolean innermost = i == depth - 1;
    if (i > 0 && !innermost) {
      down = ops.batchNorm(down, name + "/down_bn", out);
    }
    // What comes back up to this level: the innermost's own output, else the deeper level's
    // output concatenated with its encoder input (the skip connection).
    T inner = innermost ? down : level(ops, down, i + 1, prefix);
    int innerChannels = innermost ? out : 2 * out;
    int target = i == 0 ? CHANNELS : in;
    T up = up(ops, ops.relu(inner), name + "/up", innerChannels, target);
    if (i == 0) {
      return ops.tanh(up);
    }
    up = ops.batchNorm(up, name + "/up_bn", target);
    if (dropoutAt(i)) {
      up = ops.dropout(up, name + "/dropout", target, 1 << i);
    }
    return ops.concat(x, up);
  }

  private <T> T up(GraphOps<T> ops, T x, String name, int in, int out) {
    return upsampling == Upsampling.RESIZE
        ? ops.conv(ops.upsample(x), name, in, out, 3, 1, 1)
        : ops.deconv(x, name, in, out, upsampling == Upsampling.TRANSPOSED);
  }
}
