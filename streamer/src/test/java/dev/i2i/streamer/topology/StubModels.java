package dev.i2i.streamer.topology;

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

  @Override
  public Optional<ModelLease> acquire(String name, String requestId) {
    return Optional.ofNullable(models.get(name)).map(ModelLease::pinned);
  }

  @Override
  public Set<String> names() {
    return new java.util.TreeSet<>(models.keySet());
  }
}
