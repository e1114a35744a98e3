package dev.i2i.trainer.nn;

/**
 * The CycleGAN reference ResNet generator (and the seed project's batch-norm variant, see {@link
 * GeneratorKind#RESNET_BN_6BLOCKS}): reflection pad + 7x7 conv, two stride-2 downsampling convs,
 * residual blocks (reflection pad, 3x3 conv, instance norm, ReLU, twice, plus the skip), two
 * transposed-conv upsamplings (or resize + conv, see {@link Upsampling}), reflection pad + 7x7
 * conv, tanh.
 */
public final class ResnetGenerator {
  private static final int CHANNELS = 3;

  private ResnetGenerator() {}

  /** Builds the generator on {@code input}, naming parameters {@code prefix/...}. */
  public static <T> T build(GraphOps<T> ops, T input, GeneratorSpec spec, String prefix) {
    int ngf = spec.ngf();
    boolean bn = spec.kind().batchNorm();
    T x = ops.reflectPad(input, 3);
    x = ops.conv(x, prefix + "/in", CHANNELS, ngf, 7, 1, 0);
    x = ops.relu(norm(ops, x, prefix + "/in", ngf, bn));
    int ch = ngf;
    for (int i = 0; i < 2; i++) { // downsampling: 3x3 (reference) or 4x4 (seed variant), stride 2
      String name = prefix + "/down" + i;
      x = bn ? ops.conv(x, name, ch, ch * 2, 4, 2, 1) : ops.conv(x, name, ch, ch * 2, 3, 2, 1);
      x = ops.relu(norm(ops, x, name, ch * 2, bn));
      ch *= 2;
    }
    for (int i = 0; i < spec.blocks(); i++) {
      x = residualBlock(ops, x, ch, prefix + "/res" + i, bn);
    }
    for (int i = 0; i < 2; i++) { // upsampling
      x =
          spec.upsampling() == Upsampling.RESIZE
              ? ops.conv(ops.upsample(x), prefix + "/up" + i, ch, ch / 2, 3, 1, 1)
              : ops.deconv(
                  x, prefix + "/up" + i, ch, ch / 2, spec.upsampling() == Upsampling.TRANSPOSED);
      x = ops.relu(norm(ops, x, prefix + "/up" + i, ch / 2, bn));
      ch /= 2;
    }
    x = ops.conv(ops.reflectPad(x, 3), prefix + "/out", ngf, CHANNELS, 7, 1, 0);
    return ops.tanh(x);
  }

  private static <T> T residualBlock(GraphOps<T> ops, T x, int ch, String name, boolean bn) {
    T y = ops.conv(ops.reflectPad(x, 1), name + "/conv0", ch, ch, 3, 1, 0);
    y = ops.relu(norm(ops, y, name + "/conv0", ch, bn));
    y = ops.conv(ops.reflectPad(y, 1), name + "/conv1", ch, ch, 3, 1, 0);
    y = norm(ops, y, name + "/conv1", ch, bn);
    return ops.add(x, y); // skip connection
  }

  /** Instance norm (reference), or batch norm with parameters under {@code layer/bn}. */
  private static <T> T norm(GraphOps<T> ops, T x, String layer, int ch, boolean bn) {
    return bn ? ops.batchNorm(x, layer + "/bn", ch) : ops.instanceNorm(x, ch);
  }
}
