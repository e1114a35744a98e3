package dev.i2i.trainer.train;

/**
 * The reference "linear" policy: the initial rate for {@code nEpochs}, then a linear decay to zero
 * over {@code nEpochsDecay} more epochs.
 */
public record LrSchedule(double lr, int nEpochs, int nEpochsDecay) {
  public double at(long epoch) {
    double factor = 1.0 - Math.max(0, epoch + 1 - nEpochs) / (double) (nEpochsDecay + 1);
    return lr * factor;
  }
}
