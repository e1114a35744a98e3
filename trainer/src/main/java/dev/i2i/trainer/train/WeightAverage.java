package dev.i2i.trainer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of the generators' weights, updated after every step (Yazici et al.
 * 2019, "The unusual effectiveness of averaging in GAN training"). A GAN's generator keeps moving
 * with its discriminator and its weights at any one step carry that step's swing (a colour cast
 * that the next discriminator update will push back); the average smooths it out at no cost to
 * training, which never reads it. Exports use it when the run kept one.
 *
 * <p>A generator with batch norm keeps its last step's running statistics: averaged along with the
 * weights (as timm's {@code ModelEmaV2} does) they cost Pix2Pix runs 2.9 dB (three seeds at 800
 * steps: 15.93 dB against 18.79), since they mix in the statistics of early, very different
 * weights.
 *
 * <p>The average is bias-corrected as Adam's moments are: after step {@code t} it is {@code sum_i
 * decay^(t-i) w_i / sum_i decay^(t-i)}, the first step's weights at step 1, without the pull
 * towards zero (or towards the initial weights) that a plain moving average has early on. Folded in
 * one step at a time, that is a moving average whose decay at step {@code t} is {@code 1 - (1 -
 * decay) / (1 - decay^t)}; it depends only on the step, which keeps a resumed run's average exact.
 * Chosen by validation: on three 2400-step runs of the season setting, scored on another data
 * seed's scenes, decay 0.999 bias-corrected did best (+0.78 dB over the last weights), ahead of
 * 0.998 and 0.9995 and of TensorFlow's {@code min(decay, (1 + t) / (10 + t))} warm-up.
 */
public final class WeightAverage {
  private final double decay;
  private final Map<String, INDArray> averages = new LinkedHashMap<>();

  /** {@code decay} 0 keeps no average. */
  public WeightAverage(double decay) {
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("--average-decay must be in [0, 1), got " + decay);
    }
    this.decay = decay;
  }

  public boolean enabled() {
    return decay > 0;
  }

  /** Folds the weights {@code names} of {@code params} after global step {@code step} (1-based). */
  public void update(Map<String, INDArray> params, List<String> names, long step) {
    if (!enabled()) {
      return;
    }
    double d = 1 - (1 - decay) / (1 - Math.pow(decay, step));
    for (String name : names) {
      INDArray p = params.get(name);
      INDArray avg = averages.get(name);
      if (avg == null) {
        averages.put(name, p.dup());
      } else {
        avg.muli(d).addi(p.mul(1 - d));
      }
    }
  }

  /** The averaged weights by parameter name (empty until the first update). */
  public Map<String, INDArray> averages() {
    return averages;
  }
}
