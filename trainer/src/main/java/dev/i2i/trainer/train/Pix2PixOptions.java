package dev.i2i.trainer.train;

import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.nn.Generators;
import picocli.CommandLine.Option;

/** Pix2Pix's own settings on top of {@link TrainOptions}; defaults are the reference code's. */
public final class Pix2PixOptions extends TrainOptions {
  public static final String PROCEDURE = "pix2pix";

  /** Which half of a side-by-side training image is the input. */
  public enum Direction {
    AtoB,
    BtoA
  }

  @Option(
      names = "--generator",
      description =
          Generators.NAMES
              + "; U-Nets need a crop size that is a multiple of 2^N (${DEFAULT-VALUE}).")
  public String generator = "unet_256";

  @Option(
      names = "--direction",
      description = "AtoB: left half is the input | BtoA (${DEFAULT-VALUE}).")
  public Direction direction = Direction.AtoB;

  @Option(
      names = "--gan-mode",
      description = "vanilla (cross-entropy on logits) | lsgan (${DEFAULT-VALUE}).")
  public GanLoss ganMode = GanLoss.VANILLA;

  /**
   * No weight average by default: at the bundled model's budget (800 steps, three seeds) the
   * average of decay 0.999 scored 18.8 dB against 21.0 for the last weights: a run still improving
   * fast at 800 steps gains nothing from its early, worse weights.
   */
  public Pix2PixOptions() {
    averageDecay = 0;
  }

  @Option(names = "--lambda-l1", description = "Weight of the L1 loss (${DEFAULT-VALUE}).")
  public double lambdaL1 = 100;

  @Override
  public String procedure() {
    return PROCEDURE;
  }

  @Override
  public GanLoss ganLoss() {
    return ganMode;
  }

  @Override
  public Generator generator() {
    return Generators.define(generator, ngf, null, upsampling, true);
  }

  @Override
  public Pix2PixOptions validate() {
    super.validate();
    require(direction != null && ganMode != null, "--direction and --gan-mode are required");
    require(lambdaL1 >= 0, "--lambda-l1 must be >= 0");
    require(
        ganMode != GanLoss.VANILLA_LSGAN,
        "--gan-mode vanilla_lsgan is CycleGAN's; Pix2Pix trains with vanilla or lsgan");
    generator = generatorName();
    return this;
  }

  public boolean aToB() {
    return direction == Direction.AtoB;
  }
}
