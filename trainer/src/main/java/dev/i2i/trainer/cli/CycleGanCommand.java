package dev.i2i.trainer.cli;

import dev.i2i.trainer.nn.GeneratorKind;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import dev.i2i.trainer.train.ResidentMemory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2i train cyclegan}: maps the flags onto {@link CycleGanOptions}. */
@Command(
    name = "cyclegan",
    mixinStandardHelpOptions = true,
    description = "Train CycleGAN on unpaired data (trainA/ trainB/). Defaults are the paper's.")
final class CycleGanCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "Dataset folder with trainA/ trainB/.")
  Path data;

  @Option(
      names = "--run",
      required = true,
      description = "Run folder (resumes if it has a checkpoint).")
  Path run;

  @Option(
      names = "--generator",
      defaultValue = "resnet_9blocks",
      description = "resnet_6blocks | resnet_9blocks (${DEFAULT-VALUE}).")
  String generator;

  @Option(names = "--ngf", defaultValue = "64")
  int ngf;

  @Option(names = "--blocks", description = "Residual blocks (default: the generator's).")
  Integer blocks;

  @Option(
      names = "--upsampling",
      defaultValue = "deconv",
      description =
          "deconv (the reference's transposed conv) | resize (nearest + conv, no "
              + "checkerboard artifacts) (${DEFAULT-VALUE}).")
  String upsampling;

  @Option(names = "--ndf", defaultValue = "64")
  int ndf;

  @Option(names = "--n-layers-d", defaultValue = "3")
  int nLayersD;

  @Option(names = "--load-size", defaultValue = "286")
  int loadSize;

  @Option(names = "--crop-size", defaultValue = "256")
  int cropSize;

  @Option(names = "--no-flip", description = "Do not flip images at random.")
  boolean noFlip;

  @Option(names = "--batch-size", defaultValue = "1")
  int batchSize;

  @Option(names = "--n-epochs", defaultValue = "100", description = "Epochs at the initial rate.")
  int nEpochs;

  @Option(
      names = "--n-epochs-decay",
      defaultValue = "100",
      description = "Epochs of linear decay to 0.")
  int nEpochsDecay;

  @Option(names = "--lr", defaultValue = "0.0002")
  double lr;

  @Option(names = "--beta1", defaultValue = "0.5")
  double beta1;

  @Option(names = "--lambda-a", defaultValue = "10")
  double lambdaA;

  @Option(names = "--lambda-b", defaultValue = "10")
  double lambdaB;

  @Option(names = "--lambda-identity", defaultValue = "0.5")
  double lambdaIdentity;

  @Option(names = "--pool-size", defaultValue = "50")
  int poolSize;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(
      names = "--sample-every",
      defaultValue = "200",
      description = "Sample grid every N steps (0: end only).")
  int sampleEvery;

  @Option(
      names = "--save-every",
      defaultValue = "500",
      description = "Checkpoint every N steps (and at the end).")
  int saveEvery;

  @Option(
      names = "--print-every",
      defaultValue = "10",
      description = "Progress line every N steps when not on a terminal.")
  int printEvery;

  @Option(
      names = "--max-steps",
      defaultValue = "0",
      description = "Stop after this global step (0: run the schedule).")
  long maxSteps;

  @Override
  public Integer call() throws Exception {
    GeneratorKind kind = GeneratorKind.parse(generator);
    CycleGanOptions opt =
        new CycleGanOptions(
            data.toString(),
            run.toString(),
            kind,
            ngf,
            blocks == null ? kind.blocks() : blocks,
            Upsampling.parse(upsampling),
            ndf,
            nLayersD,
            loadSize,
            cropSize,
            !noFlip,
            batchSize,
            nEpochs,
            nEpochsDecay,
            lr,
            beta1,
            lambdaA,
            lambdaB,
            lambdaIdentity,
            poolSize,
            seed,
            sampleEvery,
            saveEvery,
            printEvery,
            maxSteps);
    System.out.println(Backend.describe());
    new CycleGanTrainer(opt, System.out).train();
    System.out.printf(
        "done: run folder %s (checkpoint, losses.csv, losses.png, samples/); "
            + "peak resident memory %d MB%n",
        run, ResidentMemory.peakMegabytes());
    return 0;
  }
}
