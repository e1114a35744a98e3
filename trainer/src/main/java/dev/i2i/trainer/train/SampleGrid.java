package dev.i2i.trainer.train;

import dev.i2i.runtime.ImageTensors;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Writes image grids: one row per sample, one column per tensor (e.g. realA | fakeB | recA). */
public final class SampleGrid {
  private SampleGrid() {}

  /** Each column is a {@code [N,3,H,W]} batch in [-1,1]; all columns have the same shape. */
  public static void write(List<INDArray> columns, Path png) throws IOException {
    INDArray first = columns.get(0);
    int n = (int) first.size(0);
    int h = (int) first.size(2);
    int w = (int) first.size(3);
    int gap = 2;
    BufferedImage grid =
        new BufferedImage(
            columns.size() * (w + gap) - gap, n * (h + gap) - gap, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    for (int c = 0; c < columns.size(); c++) {
      for (int i = 0; i < n; i++) {
        INDArray img = columns.get(c).get(NDArrayIndex.point(i)).dup();
        BufferedImage tile = ImageTensors.fromChw(img.data().asFloat(), w, h);
        g.drawImage(tile, c * (w + gap), i * (h + gap), null);
      }
    }
    g.dispose();
    ImageIO.write(grid, "png", png.toFile());
  }
}
