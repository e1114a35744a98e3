package dev.i2i.trainer.train;

import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.nn.GeneratorSpec;
import dev.i2i.trainer.nn.Generators;
import picocli.CommandLine.Option;

/** CycleGAN's own settings on top of {@link TrainOptions}; defaults are the paper's. */
public final class CycleGanOptions extends TrainOptions {
  @Option(
      names = "--generator",
      description =
          Generators.NAMES
              + "; resnet_bn_6blocks is the seed project's variant (4x4 downsampling convs, batch"
              + " norm); U-Nets train without dropout, as the reference's CycleGAN"
              + " (${DEFAULT-VALUE}).")
  public String generator = "resnet_9blocks";

  @Option(names = "--blocks", description = "Residual blocks (default: the generator's).")
  public Integer blocks;

  @Option(
      names = "--gan-mode",
      description =
          "vanilla (cross-entropy on logits; fails on fewer seeds) | lsgan (least squares, the"
              + " reference's) | vanilla_lsgan (cross-entropy at the full learning rate, least"
              + " squares' share rising to 1 as it decays) (${DEFAULT-VALUE}).")
  public GanLoss ganMode = GanLoss.VANILLA;

  @Option(
      names = "--n-layers-d2",
      description =
          "Layers of a second PatchGAN per domain on the same images, 1-5 (0: none); the"
              + " generators' GAN loss is the mean of the two critics' (${DEFAULT-VALUE}).")
  public int nLayersD2 = 0;

  @Option(
      names = "--lambda-a",
      description = "Weight of the A -> B -> A cycle loss (${DEFAULT-VALUE}).")
  public double lambdaA = 10;

  @Option(
      names = "--lambda-b",
      description = "Weight of the B -> A -> B cycle loss (${DEFAULT-VALUE}).")
  public double lambdaB = 10;

  @Option(
      names = "--lambda-identity",
      description = "Identity loss, relative to the cycle weights (${DEFAULT-VALUE}).")
  public double lambdaIdentity = 0.5;

  @Option(
      names = "--pool-size",
      description = "Fakes kept for the discriminators (${DEFAULT-VALUE}).")
  public int poolSize = 50;

  @Override
  public String procedure() {
    return "cyclegan";
  }

  @Override
  public GanLoss ganLoss() {
    return ganMode;
  }

  @Override
  public Generator generator() {
    return Generators.define(generator, ngf, blocks, upsampling, false);
  }

  @Override
  public CycleGanOptions validate() {
    super.validate();
    require(ganMode != null, "--gan-mode is required");
    require(blocks == null || blocks >= 1, "--blocks must be at least 1");
    require(lambdaA >= 0 && lambdaB >= 0 && lambdaIdentity >= 0, "loss weights must be >= 0");
    require(poolSize >= 0, "--pool-size must be >= 0");
    require(nLayersD2 >= 0 && nLayersD2 <= 5, "--n-layers-d2 must be between 0 (none) and 5");
    if (nLayersD2 > 0) {
      requireCritic("--n-layers-d2", nLayersD2);
    }
    generator = generatorName();
    if (blocks == null && generator() instanceof GeneratorSpec resnet) {
      blocks = resnet.blocks();
    }
    return this;
  }
}
