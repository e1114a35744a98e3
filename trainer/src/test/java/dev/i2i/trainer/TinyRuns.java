package dev.i2i.trainer;

import dev.i2i.trainer.data.SeasonDataset;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.Pix2PixOptions;
import dev.i2i.trainer.train.TrainOptions;
import java.io.IOException;
import java.nio.file.Path;

/** Tiny datasets and settings that train in seconds on two cores. */
public final class TinyRuns {
  private TinyRuns() {}

  /** A 32 px season dataset with {@code train} images per domain and 4 paired test images. */
  public static Path season(Path dir, int train) throws IOException {
    SeasonDataset.write(dir, 32, train, 4, 3, n -> {});
    return dir;
  }

  /** 32 px edges2scenes pairs: {@code train} training pairs, 4 test pairs. */
  public static Path edges(Path dir, int train) throws IOException {
    dev.i2i.trainer.data.PairedSeasonDataset.write(
        dir, dev.i2i.trainer.data.PairedSeasonDataset.Kind.EDGES2SCENES, 32, train, 4, 3, n -> {});
    return dir;
  }

  /** A depth-3 U-Net with ngf 8 (dropout and batch norm included), 32 px, no flips. */
  public static Pix2PixOptions pix2pix(Path data, Path run, long maxSteps, int saveEvery) {
    return pix2pix(data, run, maxSteps, saveEvery, Upsampling.TRANSPOSED);
  }

  public static Pix2PixOptions pix2pix(
      Path data, Path run, long maxSteps, int saveEvery, Upsampling upsampling) {
    return pix2pix(data, run, maxSteps, saveEvery, upsampling, "unet_3");
  }

  public static Pix2PixOptions pix2pix(
      Path data, Path run, long maxSteps, int saveEvery, Upsampling upsampling, String generator) {
    return TrainOptions.parse(
        new Pix2PixOptions(),
        tiny(data, run, maxSteps, saveEvery, upsampling, generator, 8, 2, 1000));
  }

  /** ngf 4, one residual block, 32 px, no flips; checkpoint every {@code saveEvery} steps. */
  public static CycleGanOptions options(Path data, Path run, long maxSteps, int saveEvery) {
    return options(data, run, maxSteps, saveEvery, Upsampling.TRANSPOSED);
  }

  public static CycleGanOptions options(
      Path data, Path run, long maxSteps, int saveEvery, Upsampling upsampling) {
    return options(data, run, maxSteps, saveEvery, upsampling, "resnet_6blocks");
  }

  /** As above with any generator; a ResNet gets one block. */
  public static CycleGanOptions options(
      Path data, Path run, long maxSteps, int saveEvery, Upsampling upsampling, String generator) {
    CycleGanOptions o =
        TrainOptions.parse(
            new CycleGanOptions(),
            tiny(data, run, maxSteps, saveEvery, upsampling, generator, 4, 2, 1000));
    o.poolSize = 4;
    if (generator.startsWith("resnet")) {
      o.blocks = 1;
    }
    return o.validate();
  }

  private static String[] tiny(
      Path data,
      Path run,
      long maxSteps,
      int saveEvery,
      Upsampling upsampling,
      String generator,
      int width,
      int layersD,
      int printEvery) {
    return new String[] {
      "--data",
      data.toString(),
      "--run",
      run.toString(),
      "--generator",
      generator,
      "--ngf",
      "" + width,
      "--ndf",
      "" + width,
      "--n-layers-d",
      "" + layersD,
      "--upsampling",
      upsampling.cliName(),
      "--load-size",
      "32",
      "--crop-size",
      "32",
      "--no-flip",
      "--n-epochs",
      "50",
      "--n-epochs-decay",
      "50",
      "--seed",
      "11",
      "--sample-every",
      "0",
      "--save-every",
      "" + saveEvery,
      "--print-every",
      "" + printEvery,
      "--max-steps",
      "" + maxSteps
    };
  }
}
