package dev.i2i.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Unpaired training data ({@code trainA/} and {@code trainB/}) as in the reference "unaligned"
 * dataset: A in a shuffled order per epoch, B drawn at random, each image preprocessed. All
 * randomness comes from the {@link Rng} passed in, so a checkpoint restores it exactly.
 */
public final class UnpairedDataset implements TrainingData {
  private final Path root;
  private final ImageFolder a;
  private final ImageFolder b;
  private final Preprocess preprocess;
  private final long seed;

  public UnpairedDataset(Path root, Preprocess preprocess, long seed) throws IOException {
    this.root = root;
    this.a = ImageFolder.open(root.resolve("trainA"));
    this.b = ImageFolder.open(root.resolve("trainB"));
    this.preprocess = preprocess;
    this.seed = seed;
  }

  @Override
  public String describe() {
    return a.size() + "+" + b.size() + " unpaired images";
  }

  /** The first {@code count} test images of each domain (training images without a test set). */
  @Override
  public INDArray[] fixedSamples(int count) throws IOException {
    return new INDArray[] {
      ImageFolder.fixed(root, "testA", "trainA", count, preprocess.cropSize()),
      ImageFolder.fixed(root, "testB", "trainB", count, preprocess.cropSize())
    };
  }

  /** Steps per epoch at this batch size (the reference uses the larger of the two folders). */
  @Override
  public int stepsPerEpoch(int batch) {
    return (Math.max(a.size(), b.size()) + batch - 1) / batch;
  }

  /** The batch for a global step: {@code [realA, realB]}, each {@code [batch,3,crop,crop]}. */
  @Override
  public INDArray[] batch(long step, int batch, Rng rng) {
    int per = stepsPerEpoch(batch);
    long epoch = step / per;
    int[] order = new Rng(seed ^ (epoch * 0x5DEECE66DL)).permutation(a.size());
    int crop = preprocess.cropSize();
    float[] bufA = new float[batch * 3 * crop * crop];
    float[] bufB = new float[bufA.length];
    int plane = 3 * crop * crop;
    for (int i = 0; i < batch; i++) {
      int ia = order[(int) (((step % per) * batch + i) % a.size())];
      int ib = rng.nextInt(b.size());
      System.arraycopy(load(a, ia, rng), 0, bufA, i * plane, plane);
      System.arraycopy(load(b, ib, rng), 0, bufB, i * plane, plane);
    }
    long[] shape = {batch, 3, crop, crop};
    return new INDArray[] {Nd4j.create(bufA, shape), Nd4j.create(bufB, shape)};
  }

  private float[] load(ImageFolder folder, int index, Rng rng) {
    try {
      Path file = folder.files().get(index);
      return preprocess.apply(folder.read(index), rng, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks every training image once (readable, large enough), naming the first bad file. */
  @Override
  public void validate() throws IOException {
    for (ImageFolder f : new ImageFolder[] {a, b}) {
      for (Path file : f.files()) {
        var img = ImageFolder.read(file);
        if (img.getWidth() < preprocess.cropSize() || img.getHeight() < preprocess.cropSize()) {
          throw new IOException(
              file
                  + " is "
                  + img.getWidth()
                  + "x"
                  + img.getHeight()
                  + ", smaller than --crop-size "
                  + preprocess.cropSize());
        }
      }
    }
  }

  public int sizeA() {
    return a.size();
  }

  public int sizeB() {
    return b.size();
  }
}
