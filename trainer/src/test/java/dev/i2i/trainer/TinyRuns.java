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

  /** ngf 4, one residual block, 32 px, no flips; checkpoint every {@code saveEvery} steps. */
  public static CycleGanOptions options(Path data, Path run, long maxSteps, int saveEvery) {
    return options(data, run, maxSteps, saveEvery, Upsampling.DECONV);
  }

  public static CycleGanOptions options(
      Path data, Path run, long maxSteps, int saveEvery, Upsampling upsampling) {
    return new CycleGanOptions(
        data.toString(),
        run.toString(),
        GeneratorKind.RESNET_6BLOCKS,
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
