package dev.i2i.trainer.nn;

/**
 * What a generator is: its architecture, base channel count and residual block count.
 *
 * @param kind architecture
 * @param ngf channels of the first conv layer
 * @param blocks residual blocks (defaults to the kind's)
 * @param upsampling how the decoder doubles the resolution (default: transposed conv)
 */
public record GeneratorSpec(GeneratorKind kind, int ngf, int blocks, Upsampling upsampling)
    implements Generator {
  public GeneratorSpec {
    if (upsampling == null) {
      upsampling = Upsampling.DECONV;
    }
    if (ngf < 1) {
      throw new IllegalArgumentException("ngf must be at least 1, got " + ngf);
    }
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks must be at least 1, got " + blocks);
    }
  }

  public GeneratorSpec(GeneratorKind kind, int ngf) {
    this(kind, ngf, kind.blocks(), Upsampling.TRANSPOSED);
  }

  public GeneratorSpec(GeneratorKind kind, int ngf, int blocks) {
    this(kind, ngf, blocks, Upsampling.TRANSPOSED);
  }

  @Override
  public int inputMultiple() {
    return kind.inputMultiple();
  }

  /** The residual blocks reflection-pad by 1 at a quarter of the input size: 2 pixels there. */
  @Override
  public int minInputSize() {
    return 2 * inputMultiple();
  }

  @Override
  public <T> T build(GraphOps<T> ops, T input, String prefix) {
    return ResnetGenerator.build(ops, input, this, prefix);
  }

  @Override
  public String architecture() {
    return kind.cliName();
  }
}
