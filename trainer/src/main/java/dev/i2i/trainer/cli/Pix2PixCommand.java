package dev.i2i.trainer.cli;

import dev.i2i.trainer.train.Pix2PixOptions;
import dev.i2i.trainer.train.Pix2PixTrainer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code i2i train pix2pix}: the flags are {@link Pix2PixOptions} itself. */
@Command(
    name = "pix2pix",
    mixinStandardHelpOptions = true,
    description =
        "Train Pix2Pix on paired data (--data with train/ of side-by-side A|B images). Defaults are"
            + " the reference code's.")
final class Pix2PixCommand implements Callable<Integer> {
  @Mixin Pix2PixOptions opt;

  @Override
  public Integer call() throws Exception {
    opt.validate();
    return TrainCommands.train(opt, () -> new Pix2PixTrainer(opt, System.out).train());
  }
}
