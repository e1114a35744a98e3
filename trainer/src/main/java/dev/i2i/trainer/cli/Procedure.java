package dev.i2i.trainer.cli;

/** The training procedures, as the benchmarks' {@code --procedure} spells them. */
enum Procedure {
  cyclegan,
  pix2pix
}
