package dev.i2i.trainer.export;

import ai.onnxruntime.OrtException;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import dev.i2i.schemas.ModelContract;
import dev.i2i.schemas.ModelKind;
import dev.i2i.schemas.Sha256;
import dev.i2i.trainer.data.DatasetInfo;
import dev.i2i.trainer.train.Checkpoint;
import dev.i2i.trainer.train.CycleGanModel;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import dev.i2i.trainer.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exports both generators of a CycleGAN run into a model repository ({@code OUT/NAME/VERSION/} with
 * {@code model.onnx} and {@code card.json}), and refuses to finish unless ONNX Runtime reproduces
 * the trainer's forward pass within {@link ParityCheck#TOLERANCE} at two sizes.
 */
public final class Exporter {
  private Exporter() {}

  /** What was exported: one folder per generator, and the parity error measured. */
  public record Exported(Path folder, ModelCard card, double parityError) {}

  public static List<Exported> exportCycleGan(Path run, Path out, int version, PrintStream log)
      throws IOException, OrtException {
    // Loaded twice: the ONNX graph is built from one copy, the trainer's reference pass runs on
    // the other, so nothing the export does to its arrays can hide a difference.
    return exportCycleGan(run, out, version, Checkpoint.weights(run), Checkpoint.weights(run), log);
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
      String name = (d[1] + "2" + d[2]).toLowerCase();
      Path folder = out.resolve(name).resolve(Integer.toString(version));
      Files.createDirectories(folder);
      Path onnx = folder.resolve(ModelFolder.MODEL_FILE);
      byte[] bytes =
          OnnxGenerator.build(
              opt.generatorSpec(), weights, d[0], d[0] + ": " + d[1] + " -> " + d[2]);
      Path tmp = folder.resolve(ModelFolder.MODEL_FILE + ".tmp");
      Files.write(tmp, bytes);
      int c = opt.cropSize();
      int m = opt.generatorSpec().inputMultiple();
      long[][] shapes = {{1, 3, c, c}, {2, 3, c + 2 * m, c - m}};
      double err =
          ParityCheck.maxAbsDiff(opt.generatorSpec(), reference, d[0], tmp, shapes, opt.seed());
      if (!(err <= ParityCheck.TOLERANCE)) {
        Files.delete(tmp);
        throw new IllegalStateException(
            String.format(
                "parity check failed for %s: ONNX Runtime differs from the trainer by %.3g "
                    + "(allowed %.0e); nothing was exported",
                name, err, ParityCheck.TOLERANCE));
      }
      Files.move(tmp, onnx, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      ModelCard card =
          new ModelCard(
              name,
              version,
              ModelKind.CYCLEGAN,
              d[1],
              d[2],
              opt.cropSize(),
              m,
              Sha256.of(onnx),
              ModelContract.VERSION,
              training(opt, data, d[0]),
              Map.of(),
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      ModelCards.write(card, folder.resolve(ModelCards.FILE_NAME));
      log.printf(
          "exported %s (%s, %,d bytes) to %s; parity max |ORT - SameDiff| = %.2e "
              + "at %dx%d and 2x%dx%d%n",
          name, d[0], bytes.length, folder, err, c, c, c + 2 * m, c - m);
      done.add(new Exported(folder, card, err));
    }
    return done;
  }

  private static Map<String, Object> training(
      CycleGanOptions opt, DatasetInfo data, String generator) throws IOException {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("generator", generator);
    t.put("architecture", opt.generator().cliName());
    t.put("ngf", opt.ngf());
    t.put("blocks", opt.blocks());
    t.put("upsampling", opt.upsampling().cliName());
    t.put("ndf", opt.ndf());
    t.put("cropSize", opt.cropSize());
    t.put("epochs", opt.nEpochs() + "+" + opt.nEpochsDecay());
    t.put("seed", opt.seed());
    String dataCmd = data.command("data/season");
    if (dataCmd != null) {
      t.put("datasetCommand", dataCmd);
    }
    // Every training command the run saw, in order (a resumed run can change its schedule).
    t.put(
        "trainCommands",
        TrainingHistory.read(
            Path.of(opt.run()), opt, dataCmd != null ? "data/season" : opt.data()));
    return t;
  }
}
