package dev.i2i.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.i2i.runtime.Progress;
import dev.i2i.trainer.data.DatasetInfo;
import dev.i2i.trainer.data.ImageFolder;
import dev.i2i.trainer.data.Preprocess;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.data.UnpairedDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs CycleGAN training into a run folder: resolved options, loss log and curves, sample grids,
 * checkpoints that resume exactly, and a progress bar.
 */
public final class CycleGanTrainer {
  public static final String OPTIONS_FILE = "options.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CycleGanOptions opt;
  private final PrintStream console;

  public CycleGanTrainer(CycleGanOptions opt, PrintStream console) {
    this.opt = opt;
    this.console = console;
  }

  public static CycleGanOptions readOptions(Path run) throws IOException {
    Path f = run.resolve(OPTIONS_FILE);
    if (!Files.exists(f)) {
      throw new IOException(run + " is not a training run folder (no " + OPTIONS_FILE + ")");
    }
    return JSON.readValue(f.toFile(), CycleGanOptions.class);
  }

  /** Trains to the end (or {@code maxSteps}); resumes from the run's checkpoint if it has one. */
  public Losses train() throws IOException {
    Path run = Path.of(opt.run());
    Path data = Path.of(opt.data());
    Files.createDirectories(run.resolve("samples"));
    UnpairedDataset dataset =
        new UnpairedDataset(
            data, new Preprocess(opt.loadSize(), opt.cropSize(), opt.flip()), opt.seed());
    dataset.validate();
    DatasetInfo info = DatasetInfo.readOrDefault(data);
    DatasetInfo.write(run, info);
    JSON.writeValue(run.resolve(OPTIONS_FILE).toFile(), opt);

    CycleGanModel model = new CycleGanModel(opt);
    Rng rng = new Rng(opt.seed());
    long start = 0;
    if (Checkpoint.exists(run)) {
      start = Checkpoint.restore(run, model, rng).step();
      console.printf("resuming %s from step %d%n", run, start);
    }
    int perEpoch = dataset.stepsPerEpoch(opt.batchSize());
    long total = (long) perEpoch * (opt.nEpochs() + opt.nEpochsDecay());
    if (opt.maxSteps() > 0) {
      total = Math.min(total, opt.maxSteps());
    }
    console.printf(
        "CycleGAN %s -> %s: %d+%d images, %d steps/epoch, %d steps, G %s ngf %d "
            + "(%,d params each), D ndf %d%n",
        info.domainA(),
        info.domainB(),
        dataset.sizeA(),
        dataset.sizeB(),
        perEpoch,
        total,
        opt.generator().cliName(),
        opt.ngf(),
        model.params().count(CycleGanModel.G_A + "/"),
        opt.ndf());
    if (start < total) {
      TrainingHistory.append(run, opt, start, total);
    }
    INDArray[] fixed = fixedSamples(data);
    LrSchedule schedule = new LrSchedule(opt.lr(), opt.nEpochs(), opt.nEpochsDecay());
    Progress progress = new Progress(console, "train", start, total, opt.printEvery());
    Losses last = null;
    try (LossLog log = new LossLog(run, start)) {
      for (long step = start; step < total; step++) {
        long t0 = System.nanoTime();
        long epoch = step / perEpoch;
        double lr = schedule.at(epoch);
        INDArray[] batch = dataset.batch(step, opt.batchSize(), rng);
        last = model.step(batch[0], batch[1], lr, rng);
        // ND4J frees native memory only when the GC collects the arrays; the heap stays small,
        // so without this the process's resident memory creeps up.
        System.gc();
        long done = step + 1;
        log.append(
            done, epoch, lr, (System.nanoTime() - t0) / 1e9, ResidentMemory.megabytes(), last);
        progress.update(done, last.compact());
        if (opt.sampleEvery() > 0 && done % opt.sampleEvery() == 0) {
          samples(model, fixed, run, done);
        }
        if ((opt.saveEvery() > 0 && done % opt.saveEvery() == 0) || done == total) {
          Checkpoint.save(run, model, done, rng);
        }
      }
    }
    samples(model, fixed, run, total);
    LossCurves.draw(run.resolve(LossLog.FILE), run.resolve("losses.png"));
    return last;
  }

  private INDArray[] fixedSamples(Path data) throws IOException {
    INDArray[] out = new INDArray[2];
    String[][] dirs = {{"testA", "trainA"}, {"testB", "trainB"}};
    for (int d = 0; d < 2; d++) {
      Path dir =
          Files.isDirectory(data.resolve(dirs[d][0]))
              ? data.resolve(dirs[d][0])
              : data.resolve(dirs[d][1]);
      ImageFolder folder = ImageFolder.open(dir);
      List<INDArray> imgs = new ArrayList<>();
      for (int i = 0; i < Math.min(4, folder.size()); i++) {
        var img =
            dev.i2i.runtime.ImageTensors.resize(folder.read(i), opt.cropSize(), opt.cropSize());
        imgs.add(
            Nd4j.create(
                dev.i2i.runtime.ImageTensors.toChw(img),
                new long[] {1, 3, opt.cropSize(), opt.cropSize()}));
      }
      out[d] = Nd4j.concat(0, imgs.toArray(INDArray[]::new));
    }
    return out;
  }

  private static void samples(CycleGanModel model, INDArray[] fixed, Path run, long step)
      throws IOException {
    int n = (int) Math.min(fixed[0].size(0), fixed[1].size(0));
    INDArray a = fixed[0].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
    INDArray b = fixed[1].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
    Map<String, INDArray> out = model.translate(a, b);
    String name = String.format("step_%07d", step);
    SampleGrid.write(
        List.of(a, out.get("fake_B"), out.get("rec_A")),
        run.resolve("samples").resolve(name + "_A.png"));
    SampleGrid.write(
        List.of(b, out.get("fake_A"), out.get("rec_B")),
        run.resolve("samples").resolve(name + "_B.png"));
  }
}
