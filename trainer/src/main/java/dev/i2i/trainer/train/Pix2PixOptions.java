package dev.i2i.trainer.train;

import dev.i2i.trainer.nn.UnetGenerator;
import dev.i2i.trainer.nn.Upsampling;
import java.nio.file.Path;

/**
 * Every Pix2Pix training setting, validated; defaults are the reference code's. Written next to the
 * checkpoints as {@code options.json}.
 *
 * @param procedure always {@code pix2pix}: tells runs of the two procedures apart
 * @param direction {@code AtoB} (left half is the input) or {@code BtoA}
 * @param ganMode {@code vanilla} (binary cross-entropy on logits) or {@code lsgan}
 */
public record Pix2PixOptions(
    String procedure,
    String data,
    String run,
    String generator,
    int ngf,
    Upsampling upsampling,
    int ndf,
    int nLayersD,
    int loadSize,
    int cropSize,
    boolean flip,
    String direction,
    String ganMode,
    double lambdaL1,
    int batchSize,
    int nEpochs,
    int nEpochsDecay,
    double lr,
    double beta1,
    long seed,
    int sampleEvery,
    int saveEvery,
    int printEvery,
    long maxSteps)
    implements LoopOptions {
  public static final String PROCEDURE = "pix2pix";

  public Pix2PixOptions {
    procedure = PROCEDURE;
    upsampling = upsampling == null ? Upsampling.DECONV : upsampling;
    UnetGenerator g = UnetGenerator.parse(generator, ngf, upsampling); // checks the name and ngf
    require(ndf >= 1, "--ndf must be at least 1");
    require(nLayersD >= 1 && nLayersD <= 5, "--n-layers-d must be between 1 and 5");
    require(
        cropSize % g.inputMultiple() == 0,
        "--crop-size "
            + cropSize
            + " must be a multiple of "
            + g.inputMultiple()
            + " for "
            + generator
            + " (2^depth)");
    require(cropSize >= 16 && loadSize >= cropSize, "need 16 <= --crop-size <= --load-size");
    require(
        direction.equals("AtoB") || direction.equals("BtoA"),
        "--direction must be AtoB or BtoA, got " + direction);
    GanLoss.of(ganMode); // refuses an unknown mode with the known ones
    require(lambdaL1 >= 0, "--lambda-l1 must be >= 0");
    require(batchSize >= 1, "--batch-size must be at least 1");
    require(
        nEpochs >= 0 && nEpochsDecay >= 0 && nEpochs + nEpochsDecay >= 1,
        "--n-epochs + --n-epochs-decay must be at least 1");
    require(lr > 0 && beta1 >= 0 && beta1 < 1, "--lr must be > 0 and --beta1 in [0,1)");
    require(sampleEvery >= 0 && saveEvery >= 0 && printEvery >= 1, "intervals must be >= 0");
    require(maxSteps >= 0, "--max-steps must be >= 0 (0: no limit)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public UnetGenerator generatorSpec() {
    return UnetGenerator.parse(generator, ngf, upsampling);
  }

  public boolean aToB() {
    return direction.equals("AtoB");
  }

  @Override
  public String command(String data) {
    return String.format(
        "i2i train pix2pix --data %s --run runs/%s --generator %s --ngf %d --upsampling %s "
            + "--ndf %d --n-layers-d %d --load-size %d --crop-size %d%s --direction %s "
            + "--gan-mode %s --lambda-l1 %s --batch-size %d --n-epochs %d --n-epochs-decay %d "
            + "--lr %s --beta1 %s --seed %d%s",
        data,
        Path.of(run).getFileName(),
        generator,
        ngf,
        upsampling.cliName(),
        ndf,
        nLayersD,
        loadSize,
        cropSize,
        flip ? "" : " --no-flip",
        direction,
        ganMode,
        lambdaL1,
        batchSize,
        nEpochs,
        nEpochsDecay,
        lr,
        beta1,
        seed,
        maxSteps > 0 ? " --max-steps " + maxSteps : "");
  }
}
