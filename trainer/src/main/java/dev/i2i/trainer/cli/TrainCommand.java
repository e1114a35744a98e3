package dev.i2i.trainer.cli;

import picocli.CommandLine.Command;

/** {@code i2i train <procedure>}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a translation model.",
    subcommands = {CycleGanCommand.class, Pix2PixCommand.class})
final class TrainCommand {}
