package dev.i2i.trainer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Paired data in the layout everyone uses ("aligned"): {@code train/}, {@code val/}, {@code test/}
 * folders of side-by-side images, A on the left half and B on the right. Both halves get the same
 * resize, crop and flip. With direction BtoA the right half is the input.
 */
public final class PairedDataset implements TrainingData {
  private final Path root;
  private final List<Path> train;
  private final Preprocess preprocess;
  private final boolean aToB;
  private final long seed;

  public PairedDataset(Path root, Preprocess preprocess, boolean aToB, long seed)
      throws IOException {
    this.root = root;
    this.train = files(root.resolve("train"));
    this.preprocess = preprocess;
    this.aToB = aToB;
    this.seed = seed;
  }

  /** The image files of a split folder, sorted; anything else in it is an error naming it. */
  public static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "paired data needs " + dir + " (side-by-side A|B images in train/, val/, test/)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    for (Path p : files) {
      if (!Files.isRegularFile(p) || !ImageFolder.isImageName(p)) {
        throw new IOException(p + " is not an image file (a paired folder holds only A|B images)");
      }
    }
    if (files.isEmpty()) {
      throw new IOException(dir + " has no images");
    }
    return files;
  }

  /** Splits one A|B file into its halves, refusing odd widths and unreadable files. */
  public static BufferedImage[] halves(Path file) throws IOException {
    BufferedImage ab = ImageFolder.read(file);
    int w = ab.getWidth();
    if (w % 2 != 0) {
      throw new IOException(
          file + " is " + w + " pixels wide: an A|B pair needs an even width (two equal halves)");
    }
    int half = w / 2;
    return new BufferedImage[] {
      ab.getSubimage(0, 0, half, ab.getHeight()), ab.getSubimage(half, 0, half, ab.getHeight())
    };
  }

  @Override
  public void validate() throws IOException {
    for (Path f : train) {
      BufferedImage[] h = halves(f);
      if (h[0].getWidth() < preprocess.cropSize() || h[0].getHeight() < preprocess.cropSize()) {
        throw new IOException(
            f
                + " has halves of "
                + h[0].getWidth()
                + "x"
                + h[0].getHeight()
                + ", smaller than --crop-size "
                + preprocess.cropSize());
      }
    }
  }

  @Override
  public int stepsPerEpoch(int batch) {
    return (train.size() + batch - 1) / batch;
  }

  @Override
  public INDArray[] batch(long step, int batch, Rng rng) {
    int per = stepsPerEpoch(batch);
    long epoch = step / per;
    int[] order = new Rng(seed ^ (epoch * 0x5DEECE66DL)).permutation(train.size());
    int crop = preprocess.cropSize();
    int plane = 3 * crop * crop;
    float[] in = new float[batch * plane];
    float[] target = new float[batch * plane];
    for (int i = 0; i < batch; i++) {
      Path f = train.get(order[(int) (((step % per) * batch + i) % train.size())]);
      try {
        BufferedImage[] h = halves(f);
        float[][] p = preprocess.applyPair(h[0], h[1], rng, f.toString());
        System.arraycopy(p[aToB ? 0 : 1], 0, in, i * plane, plane);
        System.arraycopy(p[aToB ? 1 : 0], 0, target, i * plane, plane);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    long[] shape = {batch, 3, crop, crop};
    return new INDArray[] {Nd4j.create(in, shape), Nd4j.create(target, shape)};
  }

  /** The first {@code count} pairs of {@code test/} (or {@code train/}): input, target. */
  @Override
  public INDArray[] fixedSamples(int count) throws IOException {
    Path dir =
        Files.isDirectory(root.resolve("test")) ? root.resolve("test") : root.resolve("train");
    List<Path> files = files(dir);
    int n = Math.min(count, files.size());
    int s = preprocess.cropSize();
    float[] in = new float[n * 3 * s * s];
    float[] target = new float[in.length];
    for (int i = 0; i < n; i++) {
      BufferedImage[] h = halves(files.get(i));
      float[] a =
          dev.i2i.runtime.ImageTensors.toChw(dev.i2i.runtime.ImageTensors.resize(h[0], s, s));
      float[] b =
          dev.i2i.runtime.ImageTensors.toChw(dev.i2i.runtime.ImageTensors.resize(h[1], s, s));
      System.arraycopy(aToB ? a : b, 0, in, i * a.length, a.length);
      System.arraycopy(aToB ? b : a, 0, target, i * a.length, a.length);
    }
    long[] shape = {n, 3, s, s};
    return new INDArray[] {Nd4j.create(in, shape), Nd4j.create(target, shape)};
  }

  @Override
  public String describe() {
    return train.size() + " pairs";
  }
}
