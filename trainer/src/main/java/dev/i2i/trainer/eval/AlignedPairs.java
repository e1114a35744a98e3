package dev.i2i.trainer.eval;

import dev.i2i.trainer.data.PairedDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The test split of paired A|B data ({@code test/}) as evaluation pairs. */
public final class AlignedPairs implements Evaluator.Pairs {
  private final List<Path> files;
  private final boolean aToB;

  public AlignedPairs(Path dir, boolean aToB) throws IOException {
    this.files = PairedDataset.files(dir);
    this.aToB = aToB;
  }

  /** True when {@code data} has the paired layout's {@code test/} folder. */
  public static boolean isAligned(Path data) {
    return Files.isDirectory(data.resolve("test"));
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public BufferedImage[] get(int i) throws IOException {
    BufferedImage[] h = PairedDataset.halves(files.get(i));
    return aToB ? h : new BufferedImage[] {h[1], h[0]};
  }

  /** The target halves of {@code train/} (else the test split's), for the colour baseline. */
  public static List<BufferedImage> targets(Path data, boolean aToB) throws IOException {
    Path dir =
        Files.isDirectory(data.resolve("train")) ? data.resolve("train") : data.resolve("test");
    List<BufferedImage> out = new ArrayList<>();
    List<Path> files = PairedDataset.files(dir);
    for (int i = 0; i < Math.min(200, files.size()); i++) {
      out.add(PairedDataset.halves(files.get(i))[aToB ? 1 : 0]);
    }
    return out;
  }
}
