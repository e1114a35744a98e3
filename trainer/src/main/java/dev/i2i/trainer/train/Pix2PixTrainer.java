package dev.i2i.trainer.train;

import dev.i2i.trainer.data.DatasetInfo;
import dev.i2i.trainer.data.PairedDataset;
import dev.i2i.trainer.data.Preprocess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Runs Pix2Pix training into a run folder, with the loop the CycleGAN trainer uses. */
public final class Pix2PixTrainer {
  private final Pix2PixOptions opt;
  private final PrintStream console;

  public Pix2PixTrainer(Pix2PixOptions opt, PrintStream console) {
    this.opt = opt;
    this.console = console;
  }

  public static Pix2PixOptions readOptions(Path run) throws IOException {
    return TrainingLoop.readOptions(run, Pix2PixOptions.class);
  }

  public Losses train() throws IOException {
    Path data = Path.of(opt.data);
    DatasetInfo info = TrainingLoop.prepare(opt);
    PairedDataset dataset =
        new PairedDataset(
            data, new Preprocess(opt.loadSize, opt.cropSize, opt.flip), opt.aToB(), opt.seed);
    Pix2PixModel model = new Pix2PixModel(opt);
    String from = opt.aToB() ? info.domainA() : info.domainB();
    String to = opt.aToB() ? info.domainB() : info.domainA();
    String banner =
        String.format(
            "Pix2Pix %s -> %s, G %s ngf %d, D ndf %d, %s GAN + %s L1",
            from, to, opt.generator, opt.ngf, opt.ndf, opt.ganMode.cliName(), opt.lambdaL1);
    return TrainingLoop.run(opt, model, dataset, banner, console);
  }
}
