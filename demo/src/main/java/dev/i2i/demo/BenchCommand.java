package dev.i2i.demo;

import picocli.CommandLine.Command;

/** {@code i2i bench stream}: the serving benchmark (the trainer's benchmarks live beside it). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print numbers.",
    subcommands = {BenchStreamCommand.class})
final class BenchCommand {}
