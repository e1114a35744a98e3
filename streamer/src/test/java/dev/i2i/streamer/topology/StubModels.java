package dev.i2i.streamer.topology;

import dev.i2i.streamer.serve.ImageTranslator;
import dev.i2i.streamer.serve.ModelLease;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Models for topology tests: {@code invert} inverts colours, {@code broken} always throws. */
final class StubModels implements ModelLookup {
  private final Map<String, ServedModel> models =
      Map.of(
          "invert", new ServedModel("invert", 3, StubModels::invert),
          // Sleeps 5 s per image, as a huge image on a slow CPU would.
          "slow",
              new ServedModel(
                  "slow",
                  1,
                  img -> {
                    Thread.sleep(5000);
                    return invert(img);
                  }),
          // Pads to multiples of 64, as a depth-6 U-Net does.
          "unet",
              new ServedModel(
                  "unet",
                  1,
                  new ImageTranslator() {
                    @Override
                    public BufferedImage translate(BufferedImage image) {
                      return invert(image);
                    }

                    @Override
                    public long workPixels(int w, int h) {
                      return (long) ((w + 63) / 64 * 64) * ((h + 63) / 64 * 64);
                    }
                  }),
          "broken",
              new ServedModel(
                  "broken",
                  1,
                  img -> {
                    throw new IllegalStateException("the session is gone");
                  }));

  static BufferedImage invert(BufferedImage in) {
    BufferedImage out =
        new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        out.setRGB(x, y, ~in.getRGB(x, y) & 0xffffff);
      }
    }
    return out;
  }

  /** Serves {@code model} for any name asked for; names it alone. */
  static ModelLookup only(ServedModel model) {
    return new ModelLookup() {
      @Override
      public Optional<ModelLease> acquire(String name, String requestId) {
        return Optional.of(ModelLease.pinned(model));
      }

      @Override
      public Set<String> names() {
        return Set.of(model.name());
      }
    };
  }

  @Override
  public Optional<ModelLease> acquire(String name, String requestId) {
    return Optional.ofNullable(models.get(name)).map(ModelLease::pinned);
  }

  @Override
  public Set<String> names() {
    return new java.util.TreeSet<>(models.keySet());
  }
}
