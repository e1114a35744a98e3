package dev.i2i.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.i2i.cli.Progress;
import dev.i2i.runtime.ResidentMemory;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.data.TrainingData;
import dev.i2i.trainer.nn.Upsampling;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training loop every procedure shares: options written to the run folder, resume from its
 * checkpoint, the learning-rate schedule, loss log and curves, sample grids, checkpoints and a
 * progress bar.
 */
public final class TrainingLoop {
  public static final String OPTIONS_FILE = "options.json";
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS) // runs that wrote "vanilla"
          .build();

  private TrainingLoop() {}

  /**
   * Trains {@code model} on {@code data} to the end of the schedule (or {@code maxSteps}).
   *
   * @param banner printed once, after the step count is known ({@code %d} = total steps)
   */
  public static Losses run(
      TrainOptions opt, GanModel model, TrainingData data, String banner, PrintStream console)
      throws IOException {
    opt.validate();
    Path run = Path.of(opt.run);
    Files.createDirectories(run.resolve("samples"));
    data.validate();
    if (Checkpoint.exists(run)) {
      requireSameTraining(run, opt);
      if (opt.averageDecay > 0 && !Checkpoint.hasAverage(run)) {
        // An average begun halfway would stand for steps it never saw.
        console.println(
            "this run was started without a weight average (--average-decay); it goes on without"
                + " one and exports its last weights");
        opt.averageDecay = 0;
      }
    }
    JSON.writeValue(run.resolve(OPTIONS_FILE).toFile(), opt);
    NativeMemory.configure();
    Rng rng = new Rng(opt.seed);
    WeightAverage average = new WeightAverage(opt.averageDecay);
    long start = 0;
    if (Checkpoint.exists(run)) {
      start = Checkpoint.restore(run, model, average, rng).step();
      console.printf("resuming %s from step %d%n", run, start);
    }
    int perEpoch = data.stepsPerEpoch(opt.batchSize);
    long total = (long) perEpoch * (opt.nEpochs + opt.nEpochsDecay);
    if (opt.maxSteps > 0) {
      total = Math.min(total, opt.maxSteps);
    }
    console.printf(
        "%s: %s, %d steps/epoch, %d steps, %,d generator parameters%n",
        banner, data.describe(), perEpoch, total, model.generatorParameters());
    if (start < total) {
      TrainingHistory.append(run, opt, start, total);
    }
    INDArray[] fixed = data.fixedSamples(4);
    LrSchedule schedule = new LrSchedule(opt.lr, opt.nEpochs, opt.nEpochsDecay);
    Progress progress = new Progress(console, "train", start, total, opt.printEvery);
    Losses last = null;
    try (LossLog log = new LossLog(run, start)) {
      for (long step = start; step < total; step++) {
        long t0 = System.nanoTime();
        long epoch = step / perEpoch;
        double lr = schedule.at(epoch);
        last = model.step(data.batch(step, opt.batchSize, rng), lr, rng);
        long done = step + 1;
        average.update(model.params().asMap(), model.generatorParamNames(), done);
        NativeMemory.afterStep();
        log.append(
            done, epoch, lr, (System.nanoTime() - t0) / 1e9, ResidentMemory.megabytes(), last);
        progress.update(done, last.compact());
        if (opt.sampleEvery > 0 && done % opt.sampleEvery == 0) {
          model.writeSamples(fixed, run.resolve("samples"), String.format("step_%07d", done));
        }
        if ((opt.saveEvery > 0 && done % opt.saveEvery == 0) || done == total) {
          Checkpoint.save(run, model, average, done, rng);
          if (done < total) {
            TrainingReport.write(run);
          }
        }
      }
    }
    model.writeSamples(fixed, run.resolve("samples"), String.format("step_%07d", total));
    TrainingReport.write(run);
    return last;
  }

  /**
   * A run resumes on the schedule and loss it started with: changing {@code --n-epochs}, {@code
   * --n-epochs-decay}, {@code --lr} or {@code --batch-size} halfway would make the learning rate
   * jump and the card's schedule a fiction, and changing {@code --gan-mode} (whose CycleGAN default
   * changed on 2026-12-02) would train half a run on each loss; both are refused with the flags to
   * use.
   */
  static void requireSameTraining(Path run, TrainOptions opt) throws IOException {
    Path f = run.resolve(OPTIONS_FILE);
    if (!Files.exists(f)) {
      return;
    }
    var saved = JSON.readTree(f.toFile());
    GanLoss loss = readOptions(run, opt.getClass()).ganLoss(); // reads runs of before the flag
    if (loss != opt.ganLoss()) {
      throw new IllegalArgumentException(
          run
              + " was trained with --gan-mode "
              + loss
              + "; resuming it with --gan-mode "
              + opt.ganLoss()
              + " would train the rest of it on another loss. Resume with --gan-mode "
              + loss
              + ", or train a new --run");
    }
    String was =
        String.format(
            "--n-epochs %d --n-epochs-decay %d --lr %s --batch-size %d",
            saved.path("nEpochs").asInt(),
            saved.path("nEpochsDecay").asInt(),
            saved.path("lr").asDouble(),
            saved.path("batchSize").asInt());
    String now =
        String.format(
            "--n-epochs %d --n-epochs-decay %d --lr %s --batch-size %d",
            opt.nEpochs, opt.nEpochsDecay, opt.lr, opt.batchSize);
    JsonNode decay = saved.get("averageDecay"); // absent in runs from before the average
    if (decay != null && decay.asDouble() > 0 && decay.asDouble() != opt.averageDecay) {
      throw new IllegalArgumentException(
          run
              + " keeps a weight average with --average-decay "
              + decay.asDouble()
              + "; resuming it with --average-decay "
              + opt.averageDecay
              + " would mix two averages. Resume with --average-decay "
              + decay.asDouble()
              + ", or train a new --run");
    }
    if (!was.equals(now)) {
      throw new IllegalArgumentException(
          run
              + " was trained with "
              + was
              + "; resuming it with "
              + now
              + " would change its learning-rate schedule halfway. Resume with "
              + was
              + ", or train a new --run");
    }
  }

  /** Creates the run folder and copies the dataset's description into it; returns that. */
  public static dev.i2i.trainer.data.DatasetInfo prepare(TrainOptions opt) throws IOException {
    Path run = Path.of(opt.run);
    Files.createDirectories(run);
    var info = dev.i2i.trainer.data.DatasetInfo.readOrDefault(Path.of(opt.data));
    dev.i2i.trainer.data.DatasetInfo.write(run, info);
    return info;
  }

  /**
   * The run's options, as written by {@link #run}; a run written before {@code --upsampling}
   * existed used {@link Upsampling#DECONV}, one from before {@code --average-decay} kept no
   * average, a CycleGAN one from before {@code --n-layers-d2} had one critic per domain.
   */
  public static <O extends TrainOptions> O readOptions(Path run, Class<O> type) throws IOException {
    Path f = run.resolve(OPTIONS_FILE);
    if (!Files.exists(f)) {
      throw new IOException(run + " is not a training run folder (no " + OPTIONS_FILE + ")");
    }
    JsonNode node = JSON.readTree(f.toFile());
    O opt = JSON.treeToValue(node, type);
    if (!node.has("upsampling")) {
      opt.upsampling = Upsampling.DECONV;
    }
    if (!node.has("averageDecay")) {
      opt.averageDecay = 0; // runs from before the weight average kept none
    }
    if (opt instanceof CycleGanOptions c && !node.has("nLayersD2")) {
      c.nLayersD2 = 0; // runs from before --n-layers-d2 had one critic per domain
    }
    if (opt instanceof CycleGanOptions c && !node.has("ganMode")) {
      c.ganMode = GanLoss.LSGAN; // CycleGAN runs from before --gan-mode had least squares only
    }
    opt.validate();
    return opt;
  }

  /** {@code pix2pix} or {@code cyclegan}: which procedure made a run. */
  public static String procedure(Path run) throws IOException {
    Path f = run.resolve(OPTIONS_FILE);
    if (!Files.exists(f)) {
      throw new IOException(run + " is not a training run folder (no " + OPTIONS_FILE + ")");
    }
    var node = JSON.readTree(f.toFile());
    return node.has("procedure") ? node.get("procedure").asText() : "cyclegan";
  }
}
