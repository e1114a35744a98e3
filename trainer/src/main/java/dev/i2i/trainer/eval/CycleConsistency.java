package dev.i2i.trainer.eval;

import ai.onnxruntime.OrtException;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.trainer.data.ImageFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The score for unpaired data, where no ground truth exists: mean |F(G(x)) - x| over a folder, in
 * [0,1] pixel units (0 means a perfect round trip).
 */
public final class CycleConsistency {
  private CycleConsistency() {}

  public static double l1(OnnxTranslator forward, OnnxTranslator backward, Path dir)
      throws IOException, OrtException {
    ImageFolder folder = ImageFolder.open(dir);
    double sum = 0;
    for (int i = 0; i < folder.size(); i++) {
      BufferedImage x = folder.read(i);
      sum += ImageMetrics.l1(x, backward.translate(forward.translate(x)));
    }
    return sum / folder.size();
  }
}
