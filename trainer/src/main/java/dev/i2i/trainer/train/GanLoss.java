package dev.i2i.trainer.train;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GAN loss of a discriminator's outputs against "real" or "fake", as the reference's {@code
 * GANLoss(gan_mode)}: one definition for every procedure (CycleGAN takes any, Pix2Pix the first
 * two).
 */
public enum GanLoss {
  /** Least squares: mean of (output - target)^2, target 1 for real and 0 for fake. */
  LSGAN {
    @Override
    public SDVariable of(SDVariable output, boolean real) {
      SDVariable d = output.sub(real ? 1 : 0);
      return d.mul(d).mean();
    }
  },
  /** Binary cross-entropy on logits, in the stable form max(x,0) - x*t + log(1 + exp(-|x|)). */
  VANILLA {
    @Override
    public SDVariable of(SDVariable logits, boolean real) {
      SameDiff sd = logits.getSameDiff();
      SDVariable softplus = sd.math().log(sd.math().exp(sd.math().abs(logits).neg()).add(1));
      SDVariable bce = sd.nn().relu(logits, 0).add(softplus);
      return (real ? bce.sub(logits) : bce).mean();
    }
  },
  /**
   * Cross-entropy while the learning rate is full, turning into least squares as it decays: {@code
   * (1 - w) * vanilla + w * lsgan} with {@code w} the graph's {@link #MIX} placeholder, fed {@code
   * 1 - lr / initial lr} at every step.
   */
  VANILLA_LSGAN {
    @Override
    public SDVariable of(SDVariable output, boolean real) {
      SDVariable w = mix(output.getSameDiff());
      return VANILLA.of(output, real).mul(w.rsub(1)).add(LSGAN.of(output, real).mul(w));
    }
  };

  /** The placeholder of {@link #VANILLA_LSGAN}'s least-squares share, in graphs that use it. */
  public static final String MIX = "gan_mix";

  private static SDVariable mix(SameDiff sd) {
    return sd.hasVariable(MIX)
        ? sd.getVariable(MIX)
        : sd.placeHolder(MIX, Nd4j.defaultFloatingPointType());
  }

  /** The loss of {@code output} when the discriminator should say {@code real}. */
  public abstract SDVariable of(SDVariable output, boolean real);

  /** The mode as {@code --gan-mode} spells it ({@code lsgan}, {@code vanilla_lsgan}, ...). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** As the flag spells it, for help and error messages. */
  @Override
  public String toString() {
    return cliName();
  }
}
