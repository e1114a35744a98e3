package dev.i2i.trainer.nn;

import java.util.Locale;

/** The generator architectures, by the reference code's names. */
public enum GeneratorKind {
  /** ResNet generator with 6 residual blocks (reference default for 128 px). */
  RESNET_6BLOCKS(6, false),
  /** ResNet generator with 9 residual blocks (reference default for 256 px). */
  RESNET_9BLOCKS(9, false),
  /**
   * The seed project's variant: 4x4 stride-2 downsampling convs and batch norm instead of instance
   * norm, 6 residual blocks, transposed-conv decoder.
   */
  RESNET_BN_6BLOCKS(6, true);

  private final int blocks;
  private final boolean batchNorm;

  GeneratorKind(int blocks, boolean batchNorm) {
    this.blocks = blocks;
    this.batchNorm = batchNorm;
  }

  /** True for the batch-norm variant (4x4 downsampling convs). */
  public boolean batchNorm() {
    return batchNorm;
  }

  public int blocks() {
    return blocks;
  }

  /** H and W of the input must be multiples of this. */
  public int inputMultiple() {
    return 4;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
