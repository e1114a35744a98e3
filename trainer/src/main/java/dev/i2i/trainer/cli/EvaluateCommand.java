package dev.i2i.trainer.cli;

import dev.i2i.cli.Progress;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.schemas.ModelCards;
import dev.i2i.trainer.data.DatasetInfo;
import dev.i2i.trainer.eval.AlignedPairs;
import dev.i2i.trainer.eval.CycleConsistency;
import dev.i2i.trainer.eval.Evaluation;
import dev.i2i.trainer.eval.Evaluator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2i evaluate}: PSNR/SSIM against identity and colour transfer, into the card. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Score a model on a paired test set (test/ of A|B images, or testA/ testB/ with matching "
            + "names): PSNR, SSIM, L1 and the layout distance against the identity and"
            + " colour-transfer baselines; on unpaired data the layout distance alone; writes the"
            + " metrics into its card.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      description = "Model folder (model.onnx + card.json).")
  Path model;

  @Option(names = "--data", required = true, description = "Dataset folder with testA/ testB/.")
  Path data;

  @Option(names = "--no-write", description = "Print only; leave the card as it is.")
  boolean noWrite;

  @Option(
      names = "--reverse-model",
      description =
          "The opposite generator (e.g. winter2summer): "
              + "adds the cycle-consistency L1, the only score for unpaired test data.")
  Path reverseModel;

  @Override
  public Integer call() throws Exception {
    ModelFolder folder = ModelFolder.open(model);
    DatasetInfo info = DatasetInfo.readOrDefault(data);
    // A model from B to A (e.g. winter2summer) is scored on testB -> testA.
    boolean reverse = folder.card().sourceDomain().equalsIgnoreCase(info.domainB());
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (reverseModel != null) {
      try (OnnxTranslator g = OnnxTranslator.open(folder, Device.CPU);
          OnnxTranslator f = OnnxTranslator.open(ModelFolder.open(reverseModel), Device.CPU)) {
        double l1 = CycleConsistency.l1(g, f, data.resolve(reverse ? "testB" : "testA"));
        metrics.put("cycle_l1", l1);
        System.out.printf("cycle-consistency L1 |F(G(x)) - x| = %.4f (0..1 pixel units)%n", l1);
      }
    }
    boolean aligned = AlignedPairs.isAligned(data);
    if (!aligned && !Evaluator.isPaired(data)) {
      if (Evaluator.hasUnpairedSplit(data, reverse)) {
        try (OnnxTranslator t = OnnxTranslator.open(folder, Device.CPU)) {
          Progress progress =
              new Progress(System.out, "evaluate", 0, Evaluator.testSize(data, reverse), 25);
          double d = Evaluator.layoutDistance(t, data, reverse, i -> progress.update(i, ""));
          metrics.put("layout_distance", d);
          System.out.printf(
              "no pairs: layout distance to the target domain's images = %.4f (0..1 pixel units;"
                  + " lower is closer)%n",
              d);
        }
      }
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException(
            data
                + " has no test set to score: give test/ of A|B images or testA/ and testB/ with"
                + " the same file names (PSNR, SSIM), or testA/ and trainB/ or testB/ unpaired"
                + " (the layout distance); --reverse-model adds the cycle-consistency score");
      }
      write(folder, metrics);
      return 0;
    }
    Evaluation e;
    try (OnnxTranslator t = OnnxTranslator.open(folder, Device.CPU)) {
      Progress progress =
          new Progress(System.out, "evaluate", 0, Evaluator.testSize(data, reverse), 25);
      e = Evaluator.evaluateTestSplit(t, data, reverse, i -> progress.update(i, ""));
    }
    System.out.printf(
        "%s v%d (%s -> %s) on %s%n",
        folder.card().name(),
        folder.card().version(),
        folder.card().sourceDomain(),
        folder.card().targetDomain(),
        data);
    System.out.print(e.table());
    System.out.println(
        e.beatsBaselines()
            ? "the model beats both baselines on PSNR and SSIM"
            : "the model does NOT beat both baselines on PSNR and SSIM");
    metrics.putAll(e.asMetrics());
    write(folder, metrics);
    return 0;
  }

  private void write(ModelFolder folder, Map<String, Double> metrics) throws java.io.IOException {
    if (!noWrite) {
      ModelCards.write(folder.card().withMetrics(metrics), folder.cardFile());
      System.out.println("metrics written to " + folder.cardFile());
    }
  }
}
