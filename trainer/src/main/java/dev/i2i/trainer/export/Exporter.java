package dev.i2i.trainer.export;

import ai.onnxruntime.OrtException;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelContract;
import dev.i2i.schemas.ModelKind;
import dev.i2i.trainer.data.DatasetInfo;
import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.train.Checkpoint;
import dev.i2i.trainer.train.CycleGanModel;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import dev.i2i.trainer.train.Pix2PixModel;
import dev.i2i.trainer.train.Pix2PixOptions;
import dev.i2i.trainer.train.Pix2PixTrainer;
import dev.i2i.trainer.train.TrainOptions;
import dev.i2i.trainer.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exports the generators of a training run (both of a CycleGAN run, the one of a Pix2Pix run) into
 * a model repository ({@code OUT/NAME/VERSION/} with {@code model.onnx} and {@code card.json}), and
 * refuses to finish unless ONNX Runtime reproduces the trainer's forward pass within {@link
 * ParityCheck#TOLERANCE} at two sizes.
 */
public final class Exporter {
  private Exporter() {}

  /** What was exported: one folder per generator, and the parity error measured. */
  public record Exported(Path folder, ModelCard card, double parityError) {}

  public static List<Exported> exportCycleGan(Path run, Path out, int version, PrintStream log)
      throws IOException, OrtException {
    return exportCycleGan(run, out, version, true, log);
  }

  /**
   * @param averaged export the run's weight average where it kept one ({@code --average-decay}),
   *     else the last step's weights
   */
  public static List<Exported> exportCycleGan(
      Path run, Path out, int version, boolean averaged, PrintStream log)
      throws IOException, OrtException {
    // Loaded twice: the ONNX graph is built from one copy, the trainer's reference pass runs on
    // the other, so nothing the export does to its arrays can hide a difference.
    boolean avg = averaged(run, averaged, log);
    return exportCycleGan(
        run, out, version, Checkpoint.weights(run, avg), Checkpoint.weights(run, avg), avg, log);
  }

  /** Whether the export uses the weight average: when asked for and the run kept one. */
  private static boolean averaged(Path run, boolean wanted, PrintStream log) throws IOException {
    boolean avg = wanted && Checkpoint.hasAverage(run);
    log.println(
        avg
            ? "exporting the generators' weight average"
            : "exporting the generators' weights of the last step");
    return avg;
  }

  /**
   * Exports the ONNX graph built from {@code weights} and checks it against the trainer's forward
   * pass with {@code reference} (tests pass a corrupted copy to show the check can fail).
   */
  static List<Exported> exportCycleGan(
      Path run,
      Path out,
      int version,
      Map<String, INDArray> weights,
      Map<String, INDArray> reference,
      boolean averaged,
      PrintStream log)
      throws IOException, OrtException {
    CycleGanOptions opt = CycleGanTrainer.readOptions(run);
    DatasetInfo data = DatasetInfo.readOrDefault(run);
    List<Exported> done = new ArrayList<>();
    String[][] directions = {
      {CycleGanModel.G_A, data.domainA(), data.domainB()},
      {CycleGanModel.G_B, data.domainB(), data.domainA()}
    };
    for (String[] d : directions) {
      done.add(
          exportOne(
              opt.generator(),
              weights,
              reference,
              d[0],
              card(
                  ModelKind.CYCLEGAN,
                  d[1],
                  d[2],
                  version,
                  opt.cropSize,
                  opt.generator(),
                  training(opt, data, d[0], averaged)),
              out,
              opt.seed,
              log));
    }
    return done;
  }

  public static Exported exportPix2Pix(Path run, Path out, int version, PrintStream log)
      throws IOException, OrtException {
    return exportPix2Pix(run, out, version, true, log);
  }

  /** As {@link #exportCycleGan(Path, Path, int, boolean, PrintStream)}, for the one generator. */
  public static Exported exportPix2Pix(
      Path run, Path out, int version, boolean averaged, PrintStream log)
      throws IOException, OrtException {
    boolean avg = averaged(run, averaged, log);
    return exportPix2Pix(
        run, out, version, Checkpoint.weights(run, avg), Checkpoint.weights(run, avg), avg, log);
  }

  /** Exports the Pix2Pix generator, named after its direction (e.g. {@code edges2scene}). */
  static Exported exportPix2Pix(
      Path run,
      Path out,
      int version,
      Map<String, INDArray> weights,
      Map<String, INDArray> reference,
      boolean averaged,
      PrintStream log)
      throws IOException, OrtException {
    Pix2PixOptions opt = Pix2PixTrainer.readOptions(run);
    DatasetInfo data = DatasetInfo.readOrDefault(run);
    String from = opt.aToB() ? data.domainA() : data.domainB();
    String to = opt.aToB() ? data.domainB() : data.domainA();
    Map<String, Object> t = training(opt, data, Pix2PixModel.G, averaged);
    ModelCard card = card(ModelKind.PIX2PIX, from, to, version, opt.cropSize, opt.generator(), t);
    return exportOne(opt.generator(), weights, reference, Pix2PixModel.G, card, out, opt.seed, log);
  }

  /** A card named after its direction; {@link #exportOne} fills in the sha256. */
  private static ModelCard card(
      ModelKind kind,
      String from,
      String to,
      int version,
      int resolution,
      Generator generator,
      Map<String, Object> training) {
    return new ModelCard(
        (from + "2" + to).toLowerCase(),
        version,
        kind,
        from,
        to,
        resolution,
        generator.inputMultiple(),
        "0".repeat(64),
        ModelContract.VERSION,
        training,
        Map.of(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        generator.minInputSize());
  }

  /**
   * Adds one generator to the repository {@code OUT} as {@code NAME/VERSION/} (the card's version,
   * 0 for the next free one; an existing version is never overwritten) once the parity check at two
   * sizes passes; the card's sha256 is that of the written file.
   */
  private static Exported exportOne(
      Generator spec,
      Map<String, INDArray> weights,
      Map<String, INDArray> reference,
      String prefix,
      ModelCard card,
      Path out,
      long seed,
      PrintStream log)
      throws IOException, OrtException {
    String name = card.name();
    byte[] bytes =
        OnnxGenerator.build(
            spec,
            weights,
            prefix,
            prefix + ": " + card.sourceDomain() + " -> " + card.targetDomain());
    int c = card.trainedResolution();
    int m = spec.inputMultiple();
    long[][] shapes = {{1, 3, c, c}, {2, 3, c + m, Math.max(m, c - m)}};
    double[] err = {Double.NaN};
    // The version appears only once ONNX Runtime reproduces the trainer's output.
    ModelFolder added =
        new ModelRepository(out)
            .addVersion(
                name,
                bytes,
                card,
                card.version(),
                0,
                staged -> {
                  try {
                    err[0] =
                        ParityCheck.maxAbsDiff(
                            spec, reference, prefix, staged.onnxFile(), shapes, seed);
                  } catch (OrtException e) {
                    throw new IOException("ONNX Runtime cannot run the exported " + name, e);
                  }
                  if (!(err[0] <= ParityCheck.TOLERANCE)) {
                    throw new IllegalStateException(
                        String.format(
                            "parity check failed for %s: ONNX Runtime differs from the trainer by"
                                + " %.3g (allowed %.0e); nothing was exported",
                            name, err[0], ParityCheck.TOLERANCE));
                  }
                  return staged.card();
                });
    log.printf(
        "exported %s (%s, %,d bytes) to %s; parity max |ORT - SameDiff| = %.2e "
            + "at %dx%d and 2x%dx%d%n",
        name, prefix, bytes.length, added.dir(), err[0], c, c, shapes[1][2], shapes[1][3]);
    return new Exported(added.dir(), added.card(), err[0]);
  }

  /** The card's account of how {@code generator} was trained: settings, commands, rate. */
  private static Map<String, Object> training(
      TrainOptions opt, DatasetInfo data, String generator, boolean averaged) throws IOException {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("generator", generator);
    t.put("architecture", opt.generator().architecture());
    t.put("ngf", opt.ngf);
    if (opt instanceof CycleGanOptions c && c.blocks != null) {
      t.put("blocks", c.blocks);
    }
    t.put("upsampling", opt.upsampling.cliName());
    t.put("ndf", opt.ndf);
    t.put("cropSize", opt.cropSize);
    if (opt instanceof CycleGanOptions c) {
      t.put("ganMode", c.ganMode.cliName());
    }
    if (opt instanceof Pix2PixOptions p) {
      t.put("direction", p.direction);
      t.put("ganMode", p.ganMode.cliName());
      t.put("lambdaL1", p.lambdaL1);
    }
    t.put("epochs", opt.nEpochs + "+" + opt.nEpochsDecay);
    t.put("seed", opt.seed);
    t.put("weights", averaged ? "average, decay " + opt.averageDecay : "last step");
    putCommands(t, opt, data);
    return t;
  }

  /** The dataset command (for generated data) and every training command the run saw. */
  private static void putCommands(Map<String, Object> t, TrainOptions opt, DatasetInfo data)
      throws IOException {
    String dir = "data/" + data.generator();
    String dataCmd = data.command(dir);
    if (dataCmd != null) {
      t.put("datasetCommand", dataCmd);
    }
    // In order, with the steps each covered (a run may be resumed, on the same schedule).
    t.put(
        "trainCommands",
        TrainingHistory.read(Path.of(opt.run), opt, dataCmd != null ? dir : opt.data));
    // The learning rate actually followed, step range by step range, from the loss log.
    t.put("learningRate", dev.i2i.trainer.train.LossLog.schedule(Path.of(opt.run)));
  }
}
