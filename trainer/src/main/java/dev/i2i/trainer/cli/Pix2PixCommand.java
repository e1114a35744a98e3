package dev.i2i.trainer.cli;

import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.Pix2PixOptions;
import dev.i2i.trainer.train.Pix2PixTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i train pix2pix}: maps the flags onto {@link Pix2PixOptions}. */
@Command(
    name = "pix2pix",
    mixinStandardHelpOptions = true,
    description =
        "Train Pix2Pix on paired data (train/ of side-by-side A|B images). Defaults are the "
            + "reference code's.")
final class Pix2PixCommand implements Callable<Integer> {
  @Mixin TrainingFlags flags;

  @Option(
      names = "--data",
      required = true,
      description = "Dataset folder with train/ (and test/) of A|B images.")
  Path data;

  @Option(
      names = "--generator",
      defaultValue = "unet_256",
      description =
          "unet_256 | unet_128 | unet_N for a depth N of 2-9 (crop size a multiple of 2^N) "
              + "(${DEFAULT-VALUE}).")
  String generator;

  @Option(
      names = "--direction",
      defaultValue = "AtoB",
      description = "AtoB: left half is the input | BtoA (${DEFAULT-VALUE}).")
  String direction;

  @Option(
      names = "--gan-mode",
      defaultValue = "vanilla",
      description = "vanilla (cross-entropy on logits) | lsgan (${DEFAULT-VALUE}).")
  String ganMode;

  @Option(names = "--lambda-l1", defaultValue = "100", description = "(${DEFAULT-VALUE}).")
  double lambdaL1;

  @Override
  public Integer call() throws Exception {
    Pix2PixOptions opt =
        new Pix2PixOptions(
            Pix2PixOptions.PROCEDURE,
            data.toString(),
            flags.run.toString(),
            generator,
            flags.ngf,
            Upsampling.parse(flags.upsampling),
            flags.ndf,
            flags.nLayersD,
            flags.loadSize,
            flags.cropSize,
            !flags.noFlip,
            direction,
            ganMode,
            lambdaL1,
            flags.batchSize,
            flags.nEpochs,
            flags.nEpochsDecay,
            flags.lr,
            flags.beta1,
            flags.seed,
            flags.sampleEvery,
            flags.saveEvery,
            flags.printEvery,
            flags.maxSteps);
    flags.train(() -> new Pix2PixTrainer(opt, System.out).train());
    return 0;
  }
}
