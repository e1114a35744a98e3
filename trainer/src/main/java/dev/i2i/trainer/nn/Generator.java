package dev.i2i.trainer.nn;

/** A generator architecture that can be built into any {@link GraphOps} (training or ONNX). */
public interface Generator {
  /** Builds the generator on {@code input}, naming parameters {@code prefix/...}. */
  <T> T build(GraphOps<T> ops, T input, String prefix);

  /** H and W of the input must be multiples of this. */
  int inputMultiple();

  /** The architecture's name as the CLI and the card spell it, e.g. {@code unet_128}. */
  String architecture();
}
