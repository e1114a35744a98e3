package dev.i2i.trainer.nn;

/** A generator architecture that can be built into any {@link GraphOps} (training or ONNX). */
public interface Generator {
  /** Builds the generator on {@code input}, naming parameters {@code prefix/...}. */
  <T> T build(GraphOps<T> ops, T input, String prefix);

  /** H and W of the input must be multiples of this. */
  int inputMultiple();

  /**
   * The smallest H and W the network runs on: a U-Net's strided convs pad with zeros and run down
   * to a 1x1 bottleneck, so its input multiple; architectures with reflection padding need more.
   */
  default int minInputSize() {
    return inputMultiple();
  }

  /** The architecture's name as the CLI and the card spell it, e.g. {@code unet_128}. */
  String architecture();
}
