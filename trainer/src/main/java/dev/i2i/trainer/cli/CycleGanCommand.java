package dev.i2i.trainer.cli;

import dev.i2i.trainer.nn.GeneratorKind;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i train cyclegan}: maps the flags onto {@link CycleGanOptions}. */
@Command(
    name = "cyclegan",
    mixinStandardHelpOptions = true,
    description = "Train CycleGAN on unpaired data (trainA/ trainB/). Defaults are the paper's.")
final class CycleGanCommand implements Callable<Integer> {
  @Mixin TrainingFlags flags;

  @Option(names = "--data", required = true, description = "Dataset folder with trainA/ trainB/.")
  Path data;

  @Option(
      names = "--generator",
      defaultValue = "resnet_9blocks",
      description =
          "resnet_6blocks | resnet_9blocks | resnet_bn_6blocks (the seed project's variant: 4x4 "
              + "downsampling convs, batch norm) (${DEFAULT-VALUE}).")
  String generator;

  @Option(names = "--blocks", description = "Residual blocks (default: the generator's).")
  Integer blocks;

  @Option(names = "--lambda-a", defaultValue = "10")
  double lambdaA;

  @Option(names = "--lambda-b", defaultValue = "10")
  double lambdaB;

  @Option(names = "--lambda-identity", defaultValue = "0.5")
  double lambdaIdentity;

  @Option(names = "--pool-size", defaultValue = "50")
  int poolSize;

  @Override
  public Integer call() throws Exception {
    GeneratorKind kind = GeneratorKind.parse(generator);
    CycleGanOptions opt =
        new CycleGanOptions(
            data.toString(),
            flags.run.toString(),
            kind,
            flags.ngf,
            blocks == null ? kind.blocks() : blocks,
            Upsampling.parse(flags.upsampling),
            flags.ndf,
            flags.nLayersD,
            flags.loadSize,
            flags.cropSize,
            !flags.noFlip,
            flags.batchSize,
            flags.nEpochs,
            flags.nEpochsDecay,
            flags.lr,
            flags.beta1,
            lambdaA,
            lambdaB,
            lambdaIdentity,
            poolSize,
            flags.seed,
            flags.sampleEvery,
            flags.saveEvery,
            flags.printEvery,
            flags.maxSteps);
    flags.train(() -> new CycleGanTrainer(opt, System.out).train());
    return 0;
  }
}
