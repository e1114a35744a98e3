package dev.i2i.trainer.cli;

import picocli.CommandLine.Command;

/** {@code i2i bench}: benchmark commands that print numbers (never part of the test run). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks that print numbers.",
      "The serving benchmark is `i2i bench stream` (see `i2i bench stream --help`)."
    },
    subcommands = {BenchQualityCommand.class, BenchTrainCommand.class})
final class BenchCommand {}
