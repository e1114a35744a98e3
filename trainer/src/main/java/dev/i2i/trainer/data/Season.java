package dev.i2i.trainer.data;

/** The two looks of the synthetic world. */
public enum Season {
  SUMMER,
  WINTER
}
