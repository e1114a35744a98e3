package dev.i2i.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2i.runtime.FileTrees;
import dev.i2i.trainer.data.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and restores everything a run needs to continue exactly: weights and running statistics,
 * every optimizer's moments and step count, every image pool, the weight average, the global step
 * and the random state. Written to a temporary folder and moved into place, so a crash mid-save
 * leaves the previous checkpoint intact.
 */
public final class Checkpoint {
  public static final String DIR = "checkpoint";
  private static final String PARAM = "param/";
  private static final String AVERAGE = "average/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Scalars saved next to the tensors: step, random state, optimizer steps, pool sizes, and whether
   * the tensors hold a weight average (false in checkpoints from before it).
   */
  public record State(
      long step,
      long rngState,
      Map<String, Long> optimizerSteps,
      Map<String, Integer> pools,
      boolean average) {}

  private Checkpoint() {}

  public static boolean exists(Path run) {
    return Files.exists(run.resolve(DIR).resolve("state.json"));
  }

  public static void save(Path run, GanModel model, WeightAverage average, long step, Rng rng)
      throws IOException {
    Map<String, INDArray> t = new LinkedHashMap<>();
    putAll(t, PARAM, model.params().asMap());
    putAll(t, AVERAGE, average.averages());
    Map<String, Long> steps = new LinkedHashMap<>();
    model
        .optimizers()
        .forEach(
            (name, adam) -> {
              putAll(t, name + ".m/", adam.firstMoments());
              putAll(t, name + ".v/", adam.secondMoments());
              steps.put(name, adam.steps());
            });
    Map<String, Integer> pools = new LinkedHashMap<>();
    model
        .pools()
        .forEach(
            (name, pool) -> {
              putList(t, name + "/", pool.images());
              pools.put(name, pool.images().size());
            });
    State s = new State(step, rng.state(), steps, pools, !average.averages().isEmpty());
    Path tmp = run.resolve(DIR + ".tmp");
    FileTrees.delete(tmp);
    Files.createDirectories(tmp);
    TensorFile.write(tmp.resolve("tensors.bin"), t);
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("state.json").toFile(), s);
    Path dir = run.resolve(DIR);
    FileTrees.delete(dir);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Restores the model's arrays in place and returns the saved scalars. */
  public static State restore(Path run, GanModel model, WeightAverage average, Rng rng)
      throws IOException {
    Path dir = run.resolve(DIR);
    State s = JSON.readValue(dir.resolve("state.json").toFile(), State.class);
    Map<String, INDArray> t = TensorFile.read(dir.resolve("tensors.bin"));
    for (Map.Entry<String, INDArray> p : model.params().asMap().entrySet()) {
      INDArray saved = t.get(PARAM + p.getKey());
      if (saved == null || !java.util.Arrays.equals(saved.shape(), p.getValue().shape())) {
        throw new IOException(
            "checkpoint in "
                + dir
                + " does not match this model at "
                + p.getKey()
                + " (were the network options changed?)");
      }
      p.getValue().assign(saved); // in place: the graphs hold these arrays
    }
    getAll(t, AVERAGE, average.averages());
    for (var e : model.optimizers().entrySet()) {
      Adam adam = e.getValue();
      getAll(t, e.getKey() + ".m/", adam.firstMoments());
      getAll(t, e.getKey() + ".v/", adam.secondMoments());
      adam.setSteps(s.optimizerSteps().getOrDefault(e.getKey(), 0L));
    }
    for (var e : model.pools().entrySet()) {
      e.getValue().restore(getList(t, e.getKey() + "/", s.pools().getOrDefault(e.getKey(), 0)));
    }
    rng.setState(s.rngState());
    return s;
  }

  /** The weights to export: the run's weight average where it kept one, else the last step's. */
  public static Map<String, INDArray> weights(Path run) throws IOException {
    return weights(run, true);
  }

  /**
   * Only the weights, e.g. for export: the last step's, with the averaged ones in their place when
   * {@code averaged} and the run kept an average.
   */
  public static Map<String, INDArray> weights(Path run, boolean averaged) throws IOException {
    Path file = run.resolve(DIR).resolve("tensors.bin");
    if (!Files.exists(file)) {
      throw new IOException("no checkpoint in " + run + " (expected " + file + ")");
    }
    Map<String, INDArray> t = TensorFile.read(file);
    Map<String, INDArray> w = new LinkedHashMap<>();
    getAll(t, PARAM, w);
    if (averaged) {
      Map<String, INDArray> avg = new LinkedHashMap<>();
      getAll(t, AVERAGE, avg);
      avg.forEach( // weights only; batch-norm statistics stay the last step's (WeightAverage)
          (name, a) -> {
            if (dev.i2i.trainer.nn.Params.trainable(name)) {
              w.put(name, a);
            }
          });
    }
    return w;
  }

  /** Whether the run's checkpoint holds a weight average (read from its state, not its tensors). */
  public static boolean hasAverage(Path run) throws IOException {
    return exists(run)
        && JSON.readValue(run.resolve(DIR).resolve("state.json").toFile(), State.class).average();
  }

  private static void putAll(Map<String, INDArray> t, String prefix, Map<String, INDArray> m) {
    m.forEach((k, v) -> t.put(prefix + k, v));
  }

  private static void getAll(Map<String, INDArray> t, String prefix, Map<String, INDArray> m) {
    m.clear();
    t.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            m.put(k.substring(prefix.length()), v);
          }
        });
  }

  private static void putList(Map<String, INDArray> t, String prefix, List<INDArray> list) {
    for (int i = 0; i < list.size(); i++) {
      t.put(prefix + i, list.get(i));
    }
  }

  private static List<INDArray> getList(Map<String, INDArray> t, String prefix, int n) {
    List<INDArray> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(t.get(prefix + i));
    }
    return list;
  }
}
