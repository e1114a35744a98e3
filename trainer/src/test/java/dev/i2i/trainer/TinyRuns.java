package dev.i2i.trainer;

import dev.i2i.trainer.data.SeasonDataset;
import dev.i2i.trainer.nn.GeneratorKind;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.CycleGanOptions;
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
  public static dev.i2i.trainer.train.Pix2PixOptions pix2pix(
      Path data, Path run, long maxSteps, int saveEvery) {
    return pix2pix(data, run, maxSteps, saveEvery, Upsampling.TRANSPOSED);
  }

  public static dev.i2i.trainer.train.Pix2PixOptions pix2pix(
      Path data, Path run, long maxSteps, int saveEvery, Upsampling upsampling) {
    return new dev.i2i.trainer.train.Pix2PixOptions(
        "pix2pix",
        data.toString(),
        run.toString(),
        "unet_3",
        8,
        upsampling,
        8,
        2,
        32,
        32,
        false,
        "AtoB",
        "vanilla",
        100,
        1,
        50,
        50,
        2e-4,
        0.5,
        11,
        0,
        saveEvery,
        1000,
        maxSteps);
  }

  /** ngf 4, one residual block, 32 px, no flips; checkpoint every {@code saveEvery} steps. */
  public static CycleGanOptions options(Path data, Path run, long maxSteps, int saveEvery) {
    return options(data, run, maxSteps, saveEvery, Upsampling.TRANSPOSED);
  }

  public static CycleGanOptions options(
      Path data, Path run, long maxSteps, int saveEvery, Upsampling upsampling) {
    return options(data, run, maxSteps, saveEvery, upsampling, GeneratorKind.RESNET_6BLOCKS);
  }

  public static CycleGanOptions options(
      Path data,
      Path run,
      long maxSteps,
      int saveEvery,
      Upsampling upsampling,
      GeneratorKind kind) {
    return new CycleGanOptions(
        data.toString(),
        run.toString(),
        kind,
        4,
        1,
        upsampling,
        4,
        2,
        32,
        32,
        false,
        1,
        50,
        50,
        2e-4,
        0.5,
        10,
        10,
        0.5,
        4,
        11,
        0,
        saveEvery,
        1000,
        maxSteps);
  }
}
