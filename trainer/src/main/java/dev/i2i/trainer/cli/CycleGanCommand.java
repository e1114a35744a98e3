package dev.i2i.trainer.cli;

import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code i2i train cyclegan}: the flags are {@link CycleGanOptions} itself. */
@Command(
    name = "cyclegan",
    mixinStandardHelpOptions = true,
    description =
        "Train CycleGAN on unpaired data (--data with trainA/ trainB/). Defaults are the paper's.")
final class CycleGanCommand implements Callable<Integer> {
  @Mixin CycleGanOptions opt;

  @Override
  public Integer call() throws Exception {
    opt.validate();
    return TrainCommands.train(opt, () -> new CycleGanTrainer(opt, System.out).train());
  }
}
