package dev.i2i.trainer.cli;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.trainer.data.SeasonDataset;
import dev.i2i.trainer.eval.Evaluation;
import dev.i2i.trainer.eval.Evaluator;
import dev.i2i.trainer.export.Exporter;
import dev.i2i.trainer.nn.GeneratorKind;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code i2i bench quality}: the side-by-side quality benchmark. Trains CycleGAN on the synthetic
 * season world for a fixed budget, for several training seeds and upsampling modes, exports each
 * run and scores summer -> winter on the paired test split; prints mean and spread per mode, so one
 * lucky or unlucky seed never decides a comparison. Finished runs in the work folder are reused.
 */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description =
        "Train CycleGAN for a budget over several seeds and upsampling modes; report test PSNR/SSIM"
            + " mean and spread.")
final class BenchQualityCommand implements Callable<Integer> {
  @Option(names = "--work", defaultValue = "bench/quality", description = "Work folder.")
  Path work;

  @Option(names = "--size", defaultValue = "64", description = "Image size (${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--train", defaultValue = "400", description = "Images per domain.")
  int train;

  @Option(names = "--test", defaultValue = "100", description = "Paired test scenes.")
  int test;

  @Option(names = "--data-seed", defaultValue = "1", description = "Dataset seed.")
  long dataSeed;

  @Option(
      names = "--steps",
      defaultValue = "2400",
      description = "Training steps per run: half at the full rate, half decaying.")
  int steps;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "7,8,9",
      description = "Training seeds (${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--upsampling",
      split = ",",
      defaultValue = "transposed,resize",
      description = "Upsampling modes to compare (${DEFAULT-VALUE}).")
  List<String> upsampling;

  @Option(names = "--ngf", defaultValue = "16")
  int ngf;

  @Option(names = "--blocks", defaultValue = "4")
  int blocks;

  @Option(names = "--ndf", defaultValue = "16")
  int ndf;

  @Override
  public Integer call() throws Exception {
    if (seeds.size() < 1 || steps < 1) {
      throw new IllegalArgumentException("need at least one --seeds and --steps >= 1");
    }
    Path data = work.resolve("season-" + size + "-" + train + "-" + dataSeed);
    if (!Files.exists(data.resolve("testB"))) {
      SeasonDataset.write(data, size, train, test, dataSeed, n -> {});
    }
    int epochs = Math.max(2, Math.round(steps / (float) train));
    int constant = (epochs + 1) / 2;
    List<String[]> rows = new ArrayList<>();
    for (String u : upsampling) {
      Upsampling mode = Upsampling.parse(u);
      List<double[]> scores = new ArrayList<>();
      for (long seed : seeds) {
        Path run = work.resolve("runs").resolve(mode.cliName() + "-" + steps + "-" + seed);
        System.out.printf(
            "== %s, seed %d: %d steps (%d+%d epochs)%n",
            u, seed, steps, constant, epochs - constant);
        new CycleGanTrainer(options(data, run, mode, seed, constant, epochs - constant), System.out)
            .train();
        Path models = run.resolve("bench-export");
        if (!Files.exists(models.resolve("summer2winter").resolve("1"))) {
          Exporter.exportCycleGan(run, models, 1, System.out);
        }
        try (OnnxTranslator g =
            OnnxTranslator.open(
                ModelFolder.open(models.resolve("summer2winter").resolve("1")), Device.CPU)) {
          Evaluation e = Evaluator.evaluate(g, data, false, i -> {});
          scores.add(new double[] {e.psnr(), e.ssim()});
          rows.add(new String[] {u, Long.toString(seed), fmt(e.psnr()), fmt(e.ssim())});
          System.out.printf("%s seed %d: PSNR %.2f dB, SSIM %.3f%n", u, seed, e.psnr(), e.ssim());
        }
      }
      rows.add(new String[] {u, "mean", meanSd(scores, 0, "%.2f"), meanSd(scores, 1, "%.3f")});
    }
    System.out.printf(
        "%nsummer -> winter on %d paired test scenes (%dx%d), %d steps, ngf %d, %d blocks:%n",
        test, size, size, steps, ngf, blocks);
    System.out.printf("| upsampling | seed | PSNR dB | SSIM |%n|---|---|---|---|%n");
    Path csv = work.resolve("quality.csv");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println("upsampling,seed,psnr,ssim");
      for (String[] r : rows) {
        System.out.printf("| %s | %s | %s | %s |%n", (Object[]) r);
        out.println(String.join(",", r));
      }
    }
    System.out.println("written to " + csv);
    return 0;
  }

  private CycleGanOptions options(
      Path data, Path run, Upsampling mode, long seed, int constant, int decay) {
    return new CycleGanOptions(
        data.toString(),
        run.toString(),
        GeneratorKind.RESNET_6BLOCKS,
        ngf,
        blocks,
        mode,
        ndf,
        3,
        size,
        size,
        true,
        1,
        constant,
        decay,
        2e-4,
        0.5,
        10,
        10,
        0.5,
        50,
        seed,
        0,
        400,
        100,
        steps);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** "mean ± sd (min-max)" of one column. */
  static String meanSd(List<double[]> scores, int col, String f) {
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double[] s : scores) {
      sum += s[col];
      min = Math.min(min, s[col]);
      max = Math.max(max, s[col]);
    }
    double mean = sum / scores.size();
    double sq = 0;
    for (double[] s : scores) {
      sq += (s[col] - mean) * (s[col] - mean);
    }
    double sd = scores.size() > 1 ? Math.sqrt(sq / (scores.size() - 1)) : 0;
    return String.format(Locale.ROOT, f + " ± " + f + " (" + f + "-" + f + ")", mean, sd, min, max);
  }
}
