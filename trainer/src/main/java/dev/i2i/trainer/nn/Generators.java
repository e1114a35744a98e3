package dev.i2i.trainer.nn;

import java.util.Locale;

/**
 * The one place a generator is defined from its name, as the reference's {@code define_G}: every
 * procedure asks here, so CycleGAN can train a U-Net and Pix2Pix a ResNet.
 */
public final class Generators {
  /** What the CLI lists for {@code --generator}. */
  public static final String NAMES =
      "resnet_6blocks | resnet_9blocks | resnet_bn_6blocks | unet_128 | unet_256 | unet_N (N 2-9)";

  private Generators() {}

  /**
   * @param name {@code resnet_6blocks}, {@code resnet_9blocks}, {@code resnet_bn_6blocks}, {@code
   *     unet_128}, {@code unet_256} or {@code unet_N} (any case)
   * @param blocks residual blocks; null for the architecture's own (ResNets only)
   * @param dropout dropout 0.5 in the U-Net decoder (the reference's Pix2Pix default; CycleGAN's is
   *     none)
   */
  public static Generator define(
      String name, int ngf, Integer blocks, Upsampling upsampling, boolean dropout) {
    String n = name.toLowerCase(Locale.ROOT);
    for (GeneratorKind k : GeneratorKind.values()) {
      if (k.cliName().equals(n)) {
        return new GeneratorSpec(k, ngf, blocks == null ? k.blocks() : blocks, upsampling);
      }
    }
    Integer depth =
        switch (n) {
          case "unet_128" -> 7;
          case "unet_256" -> 8;
          default -> n.matches("unet_[2-9]") ? Integer.parseInt(n.substring(5)) : null;
        };
    if (depth == null) {
      throw new IllegalArgumentException(
          "unknown generator '" + name + "', expected one of " + NAMES);
    }
    if (blocks != null) {
      throw new IllegalArgumentException("--blocks applies to ResNet generators, not " + name);
    }
    return new UnetGenerator(depth, ngf, upsampling, dropout);
  }
}
