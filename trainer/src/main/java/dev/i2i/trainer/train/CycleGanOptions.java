package dev.i2i.trainer.train;

import dev.i2i.trainer.nn.GeneratorKind;
import dev.i2i.trainer.nn.GeneratorSpec;
import dev.i2i.trainer.nn.Upsampling;
import java.nio.file.Path;

/**
 * Every CycleGAN training setting, validated; defaults are the paper's. Written next to the
 * checkpoints as {@code options.json}.
 */
public record CycleGanOptions(
    String data,
    String run,
    GeneratorKind generator,
    int ngf,
    int blocks,
    Upsampling upsampling,
    int ndf,
    int nLayersD,
    int loadSize,
    int cropSize,
    boolean flip,
    int batchSize,
    int nEpochs,
    int nEpochsDecay,
    double lr,
    double beta1,
    double lambdaA,
    double lambdaB,
    double lambdaIdentity,
    int poolSize,
    long seed,
    int sampleEvery,
    int saveEvery,
    int printEvery,
    long maxSteps)
    implements LoopOptions {

  public CycleGanOptions {
    upsampling = upsampling == null ? Upsampling.DECONV : upsampling; // runs made before the flag
    require(ngf >= 1 && ndf >= 1, "--ngf and --ndf must be at least 1");
    require(blocks >= 1, "--blocks must be at least 1");
    require(nLayersD >= 1 && nLayersD <= 5, "--n-layers-d must be between 1 and 5");
    require(
        cropSize % generator.inputMultiple() == 0,
        "--crop-size " + cropSize + " must be a multiple of " + generator.inputMultiple());
    require(cropSize >= 16 && loadSize >= cropSize, "need 16 <= --crop-size <= --load-size");
    require(batchSize >= 1, "--batch-size must be at least 1");
    require(
        nEpochs >= 0 && nEpochsDecay >= 0 && nEpochs + nEpochsDecay >= 1,
        "--n-epochs + --n-epochs-decay must be at least 1");
    require(lr > 0 && beta1 >= 0 && beta1 < 1, "--lr must be > 0 and --beta1 in [0,1)");
    require(lambdaA >= 0 && lambdaB >= 0 && lambdaIdentity >= 0, "loss weights must be >= 0");
    require(poolSize >= 0, "--pool-size must be >= 0");
    require(sampleEvery >= 0 && saveEvery >= 0 && printEvery >= 1, "intervals must be >= 0");
    require(maxSteps >= 0, "--max-steps must be >= 0 (0: no limit)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The command line that reproduces these options. */
  @Override
  public String command(String data) {
    CycleGanOptions o = this;
    return String.format(
        "i2i train cyclegan --data %s --run runs/%s --generator %s --ngf %d --blocks %d "
            + "--upsampling %s --ndf %d --n-layers-d %d --load-size %d --crop-size %d%s "
            + "--batch-size %d --n-epochs %d --n-epochs-decay %d --lr %s --beta1 %s "
            + "--lambda-a %s --lambda-b %s --lambda-identity %s --pool-size %d --seed %d%s",
        data,
        Path.of(o.run()).getFileName(),
        o.generator().cliName(),
        o.ngf(),
        o.blocks(),
        o.upsampling().cliName(),
        o.ndf(),
        o.nLayersD(),
        o.loadSize(),
        o.cropSize(),
        o.flip() ? "" : " --no-flip",
        o.batchSize(),
        o.nEpochs(),
        o.nEpochsDecay(),
        o.lr(),
        o.beta1(),
        o.lambdaA(),
        o.lambdaB(),
        o.lambdaIdentity(),
        o.poolSize(),
        o.seed(),
        o.maxSteps() > 0 ? " --max-steps " + o.maxSteps() : "");
  }

  public GeneratorSpec generatorSpec() {
    return new GeneratorSpec(generator, ngf, blocks, upsampling);
  }
}
