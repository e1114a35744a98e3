package dev.i2i.trainer.train;

import dev.i2i.trainer.data.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The reference image pool (Shrivastava et al.): the discriminator sees fakes from a history of
 * generated images, not only the newest ones. Until full, every fake is kept and returned; after
 * that, with probability 1/2 a stored fake is returned and replaced by the new one.
 */
public final class ImagePool {
  private final int capacity;
  private final List<INDArray> images = new ArrayList<>();

  public ImagePool(int capacity) {
    this.capacity = capacity;
  }

  public INDArray query(INDArray batch, Rng rng) {
    if (capacity == 0) {
      return batch;
    }
    List<INDArray> out = new ArrayList<>();
    for (int i = 0; i < batch.size(0); i++) {
      INDArray img = batch.get(NDArrayIndex.interval(i, i + 1)).dup();
      if (images.size() < capacity) {
        images.add(img);
        out.add(img);
      } else if (rng.nextDouble() > 0.5) {
        int j = rng.nextInt(capacity);
        out.add(images.get(j));
        images.set(j, img);
      } else {
        out.add(img);
      }
    }
    return Nd4j.concat(0, out.toArray(INDArray[]::new));
  }

  public List<INDArray> images() {
    return images;
  }

  public void restore(List<INDArray> saved) {
    images.clear();
    images.addAll(saved);
  }
}
