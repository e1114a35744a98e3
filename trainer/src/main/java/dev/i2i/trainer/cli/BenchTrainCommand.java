package dev.i2i.trainer.cli;

import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.nn.PatchDiscriminator;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.perf.FlopCount;
import dev.i2i.trainer.perf.StepBenchmark;
import dev.i2i.trainer.perf.StepProfile;
import dev.i2i.trainer.train.CycleGanModel;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.GanModel;
import dev.i2i.trainer.train.NativeMemory;
import dev.i2i.trainer.train.OpTimes;
import dev.i2i.trainer.train.Pix2PixModel;
import dev.i2i.trainer.train.Pix2PixOptions;
import dev.i2i.trainer.train.TrainOptions;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code i2i bench train}: time and memory of full training steps (generators and discriminators,
 * identity losses included) on random images, for one model setting. Prints the median step time
 * once warm, peak resident memory, resident memory at step N/10 and N, and the step's
 * floating-point work counted from the architecture, so the figures can be set next to any other
 * framework's. {@code --profile} also prints where one step's memory goes.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Step time and memory of training at one setting (random images, no dataset).")
final class BenchTrainCommand implements Callable<Integer> {
  @Option(
      names = "--procedure",
      defaultValue = "cyclegan",
      description = "cyclegan or pix2pix (${DEFAULT-VALUE}).")
  Procedure procedure;

  @Option(
      names = "--generator",
      description =
          "Any generator (default: CycleGAN resnet_6blocks; Pix2Pix the U-Net with a 1x1"
              + " bottleneck).")
  String generator;

  @Option(names = "--size", defaultValue = "128", description = "Image size (${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--ngf", defaultValue = "64", description = "Generator width (${DEFAULT-VALUE}).")
  int ngf;

  @Option(names = "--ndf", defaultValue = "64", description = "Discriminator width.")
  int ndf;

  @Option(names = "--blocks", defaultValue = "6", description = "ResNet blocks (${DEFAULT-VALUE}).")
  int blocks;

  @Option(
      names = "--n-layers-d2",
      defaultValue = "0",
      description =
          "CycleGAN: a second critic per domain with this many layers, as i2i train's"
              + " (${DEFAULT-VALUE}: none).")
  int nLayersD2;

  @Option(
      names = "--upsampling",
      defaultValue = "transposed",
      description = "transposed | resize | deconv (${DEFAULT-VALUE}).")
  Upsampling mode;

  @Option(names = "--batch-size", defaultValue = "1")
  int batch;

  @Option(names = "--steps", defaultValue = "20", description = "Timed steps (${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first.")
  int warmup;

  @Option(
      names = "--profile",
      description =
          "Print where one step's memory goes (all steps then run without the array pool, each"
              + " large array in a mapping of its own).")
  boolean profile;

  @Option(
      names = "--op-times",
      description =
          "Also time every op of the timed steps by type (compiled gradient passes, the default"
              + " executor).")
  boolean opTimes;

  @Option(names = "--top", defaultValue = "15", description = "Rows per profile table.")
  int top;

  @Override
  public Integer call() throws Exception {
    if (!profile) {
      return bench();
    }
    // Resident memory after an op must be what is alive then: no pool, large arrays mapped.
    try (AutoCloseable exact = NativeMemory.residentIsAlive()) {
      return bench();
    }
  }

  private Integer bench() {
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("need --steps >= 1 and --warmup >= 0");
    }
    if (procedure != Procedure.cyclegan && nLayersD2 != 0) {
      throw new IllegalArgumentException("--n-layers-d2 is for CycleGAN only");
    }
    GanModel model;
    TrainOptions opt;
    if (procedure == Procedure.cyclegan) {
      CycleGanOptions o = options(new CycleGanOptions(), "resnet_6blocks");
      if (o.generator.toLowerCase(Locale.ROOT).startsWith("resnet")) {
        o.blocks = blocks;
      }
      o.nLayersD2 = nLayersD2;
      opt = o.validate();
      model = new CycleGanModel(o);
    } else {
      Pix2PixOptions o = options(new Pix2PixOptions(), defaultUnet());
      opt = o;
      model = new Pix2PixModel(o);
    }
    double gflop = gflop(opt.generator(), procedure == Procedure.cyclegan);
    String setting = label(opt);
    setting += ", batch " + batch + ", " + mode.cliName();
    INDArray[] images = StepBenchmark.randomBatch(batch, size, 42);
    System.out.printf(
        "%s: model built, resident %d MB before the first step%n",
        setting, dev.i2i.runtime.ResidentMemory.megabytes());
    if (profile) {
      setting += ", no array pool (--profile)";
    }
    OpTimes[] times = new OpTimes[1];
    StepBenchmark.Result r =
        StepBenchmark.run(
            model,
            images,
            warmup,
            steps,
            System.out,
            () -> times[0] = opTimes ? OpTimes.start() : null);
    if (times[0] != null) {
      times[0].stop();
      times[0].print(System.out, steps, top);
    }
    System.out.printf(
        Locale.ROOT,
        "%n| setting | median s/step | min s/step | peak resident MB | resident at step %d / %d MB"
            + " | GFLOP/step | GFLOP/s |%n|---|---|---|---|---|---|---|%n"
            + "| %s | %.3f | %.3f | %d | %d / %d | %.1f | %.1f |%n",
        Math.max(1, steps / 10),
        steps,
        setting,
        r.medianSeconds(),
        r.minSeconds(),
        r.peakResidentMb(),
        r.residentEarlyMb(),
        r.residentLateMb(),
        gflop,
        gflop / r.medianSeconds());
    if (profile) {
      StepProfile p = new StepProfile(model.trainingGraphs());
      p.record(true);
      StepBenchmark.run(model, images, 0, 1, System.out);
      p.record(false);
      System.out.printf("%nmemory profile of one step (after %d steps):%n", warmup + steps);
      p.print(System.out, top);
      p.printLeftovers(System.out, 8);
    }
    return 0;
  }

  /**
   * The U-Net that runs down to a 1x1 bottleneck at this size (the reference's for 128 and 256).
   */
  private String defaultUnet() {
    return size == 128 || size == 256
        ? "unet_" + size
        : "unet_" + (31 - Integer.numberOfLeadingZeros(Math.max(size, 4)));
  }

  /**
   * A step's work: forward, then backward at twice the forward (the usual 3x rule). CycleGAN: six
   * generator runs and two discriminator runs for the generators' loss, four discriminator runs for
   * theirs. Pix2Pix: G once and D (on input+output) once for G's loss, D twice for its own.
   */
  private double gflop(Generator spec, boolean cycleGan) {
    FlopCount g = new FlopCount();
    spec.build(g, input(3), "G");
    FlopCount d = new FlopCount();
    int dIn = cycleGan ? 3 : 6;
    PatchDiscriminator.build(d, input(dIn), dIn, ndf, 3, "D");
    if (cycleGan && nLayersD2 > 0) { // the second critic runs wherever the first does
      PatchDiscriminator.build(d, input(dIn), dIn, ndf, nLayersD2, "D2");
    }
    return 2.0 * 3 * (cycleGan ? 6 * g.macs() + 6 * d.macs() : g.macs() + 3 * d.macs()) / 1e9;
  }

  private FlopCount.Shape input(int channels) {
    return new FlopCount.Shape(batch, channels, size, size);
  }

  /** The table's name for this setting, e.g. {@code CycleGAN 64x64 ngf 16 ndf 16 4 blocks}. */
  private String label(TrainOptions opt) {
    String g = opt.generator().architecture();
    if (opt instanceof CycleGanOptions c) {
      return String.format(
          "CycleGAN %dx%d %sngf %d ndf %d%s%s",
          size,
          size,
          g.equals("resnet_6blocks") ? "" : g + " ",
          ngf,
          ndf,
          c.blocks != null ? " " + c.blocks + " blocks" : "",
          c.nLayersD2 > 0 ? ", second critic " + c.nLayersD2 + " layers" : "");
    }
    return String.format("Pix2Pix %dx%d %s ngf %d ndf %d", size, size, g, ngf, ndf);
  }

  /** This setting's options: one epoch of random images, no samples or checkpoints. */
  private <O extends TrainOptions> O options(O o, String defaultGenerator) {
    return TrainOptions.parse(
        o,
        "--data",
        "bench",
        "--run",
        "bench",
        "--generator",
        generator == null ? defaultGenerator : generator,
        "--ngf",
        "" + ngf,
        "--ndf",
        "" + ndf,
        "--upsampling",
        mode.cliName(),
        "--load-size",
        "" + size,
        "--crop-size",
        "" + size,
        "--no-flip",
        "--batch-size",
        "" + batch,
        "--n-epochs",
        "1",
        "--n-epochs-decay",
        "1",
        "--seed",
        "7",
        "--sample-every",
        "0",
        "--save-every",
        "0",
        "--print-every",
        "1");
  }
}
