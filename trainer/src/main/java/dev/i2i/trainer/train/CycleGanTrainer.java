package dev.i2i.trainer.train;

import dev.i2i.trainer.data.DatasetInfo;
import dev.i2i.trainer.data.Preprocess;
import dev.i2i.trainer.data.UnpairedDataset;
import dev.i2i.trainer.nn.GeneratorSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs CycleGAN training into a run folder: resolved options, loss log and curves, sample grids,
 * checkpoints that resume exactly, and a progress bar.
 */
public final class CycleGanTrainer {

  private final CycleGanOptions opt;
  private final PrintStream console;

  public CycleGanTrainer(CycleGanOptions opt, PrintStream console) {
    this.opt = opt;
    this.console = console;
  }

  public static CycleGanOptions readOptions(Path run) throws IOException {
    return TrainingLoop.readOptions(run, CycleGanOptions.class);
  }

  /** Trains to the end (or {@code maxSteps}); resumes from the run's checkpoint if it has one. */
  public Losses train() throws IOException {
    Path data = Path.of(opt.data);
    DatasetInfo info = TrainingLoop.prepare(opt);
    UnpairedDataset dataset =
        new UnpairedDataset(data, new Preprocess(opt.loadSize, opt.cropSize, opt.flip), opt.seed);
    CycleGanModel model = new CycleGanModel(opt);
    String banner =
        String.format(
            "CycleGAN %s -> %s, G %s ngf %d, D ndf %d",
            info.domainA(), info.domainB(), generatorName(), opt.ngf, opt.ndf);
    return TrainingLoop.run(opt, model, dataset, banner, console);
  }

  /** The generator's name, and its block count where {@code --blocks} overrides the name's. */
  private String generatorName() {
    if (opt.generator() instanceof GeneratorSpec resnet
        && opt.blocks != null
        && resnet.kind().blocks() != opt.blocks) {
      return opt.generator + " with " + opt.blocks + (opt.blocks == 1 ? " block" : " blocks");
    }
    return opt.generator;
  }
}
