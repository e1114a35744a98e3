package dev.i2i.trainer.cli;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.trainer.data.PairedSeasonDataset;
import dev.i2i.trainer.data.SeasonDataset;
import dev.i2i.trainer.eval.Evaluation;
import dev.i2i.trainer.eval.Evaluator;
import dev.i2i.trainer.export.Exporter;
import dev.i2i.trainer.nn.Upsampling;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.CycleGanTrainer;
import dev.i2i.trainer.train.Pix2PixOptions;
import dev.i2i.trainer.train.Pix2PixTrainer;
import dev.i2i.trainer.train.TrainOptions;
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
 * {@code i2i bench quality}: the side-by-side quality benchmark. Trains CycleGAN (summer -> winter
 * on the synthetic season world) or Pix2Pix (edges -> scene) for a fixed budget, for several
 * training seeds and upsampling modes, exports each run and scores it on the paired test split;
 * prints mean and spread per mode, so one lucky or unlucky seed never decides a comparison.
 * Finished runs in the work folder are reused.
 */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description =
        "Train CycleGAN or Pix2Pix for a budget over several seeds and upsampling modes; report"
            + " test PSNR/SSIM mean and spread.")
final class BenchQualityCommand implements Callable<Integer> {
  @Option(
      names = "--procedure",
      defaultValue = "cyclegan",
      description = "cyclegan (summer -> winter) or pix2pix (edges -> scene) (${DEFAULT-VALUE}).")
  Procedure procedure;

  @Option(names = "--work", defaultValue = "bench/quality", description = "Work folder.")
  Path work;

  @Option(names = "--size", defaultValue = "64", description = "Image size (${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--load-size",
      description =
          "Training images are scaled to this and cropped at random to --size (CycleGAN: --size,"
              + " no crop; Pix2Pix: 9/8 of --size).")
  Integer loadSize;

  @Option(names = "--train", defaultValue = "400", description = "Training images (per domain).")
  int train;

  @Option(names = "--test", defaultValue = "100", description = "Paired test scenes.")
  int test;

  @Option(names = "--data-seed", defaultValue = "1", description = "Dataset seed.")
  long dataSeed;

  @Option(
      names = "--steps",
      description =
          "Training steps per run, half at the full rate, half decaying (CycleGAN 2400, Pix2Pix"
              + " 800: the bundled models' budgets).")
  Integer steps;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "7,8,9",
      description = "Training seeds (${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--upsampling",
      split = ",",
      description = "Upsampling modes to compare (transposed,resize).")
  List<Upsampling> upsampling = List.of(Upsampling.TRANSPOSED, Upsampling.RESIZE);

  @Option(names = "--ngf", defaultValue = "16")
  int ngf;

  @Option(names = "--blocks", defaultValue = "4", description = "CycleGAN ResNet blocks.")
  int blocks;

  @Option(names = "--ndf", defaultValue = "16")
  int ndf;

  @Override
  public Integer call() throws Exception {
    boolean cycle = procedure == Procedure.cyclegan;
    int budget = steps != null ? steps : cycle ? 2400 : 800;
    if (seeds.isEmpty() || budget < 1) {
      throw new IllegalArgumentException("need at least one --seeds and --steps >= 1");
    }
    int load = load(cycle);
    if (load < size) {
      throw new IllegalArgumentException(
          "--load-size must be at least --size (" + size + "), got " + load);
    }
    // Runs at the default scaling keep their folder names, so earlier runs are reused.
    String scaling = loadSize == null ? "" : "-load" + load;
    Path data =
        work.resolve((cycle ? "season-" : "edges2scenes-") + size + "-" + train + "-" + dataSeed);
    if (!Files.exists(data.resolve(cycle ? "testB" : "test"))) {
      if (cycle) {
        SeasonDataset.write(data, size, train, test, dataSeed, n -> {});
      } else {
        PairedSeasonDataset.write(
            data, PairedSeasonDataset.Kind.EDGES2SCENES, size, train, test, dataSeed, n -> {});
      }
    }
    int epochs = Math.max(2, Math.round(budget / (float) train));
    int constant = (epochs + 1) / 2;
    List<String[]> rows = new ArrayList<>();
    List<String> rankings = new ArrayList<>();
    for (Upsampling mode : upsampling) {
      String u = mode.cliName();
      List<double[]> scores = new ArrayList<>();
      for (long seed : seeds) {
        Path run =
            work.resolve("runs")
                .resolve((cycle ? "" : "pix2pix-") + u + "-" + budget + scaling + "-" + seed);
        System.out.printf(
            "== %s %s, seed %d: %d steps (%d+%d epochs)%n",
            procedure, u, seed, budget, constant, epochs - constant);
        Path model =
            trainAndExport(
                new Run(data, run, mode, seed, constant, epochs - constant, budget, load));
        try (OnnxTranslator g = OnnxTranslator.open(ModelFolder.open(model), Device.CPU)) {
          Evaluation e = Evaluator.evaluateTestSplit(g, data, false, i -> {});
          scores.add(new double[] {e.psnr(), e.ssim(), e.layout()});
          rows.add(
              new String[] {
                u, Long.toString(seed), fmt(e.psnr()), fmt(e.ssim()), fmt4(e.layout())
              });
          System.out.printf(
              "%s seed %d: PSNR %.2f dB, SSIM %.3f, layout %.4f%n",
              u, seed, e.psnr(), e.ssim(), e.layout());
        }
      }
      rows.add(
          new String[] {
            u,
            "mean",
            meanSd(scores, 0, "%.2f"),
            meanSd(scores, 1, "%.3f"),
            meanSd(scores, 2, "%.4f")
          });
      if (scores.size() >= 3) {
        rankings.add(
            String.format(
                Locale.ROOT,
                "%s: Spearman rank correlation of layout and PSNR over the %d seeds: %.2f",
                u,
                scores.size(),
                Ranks.spearman(scores, 2, 0)));
      }
    }
    System.out.printf(
        "%n%s on %d paired test %s (%dx%d), %d steps, trained on %s, ngf %d%s:%n",
        cycle ? "summer -> winter" : "edges -> scene",
        test,
        cycle ? "scenes" : "pairs",
        size,
        size,
        budget,
        load == size ? "whole images" : "random crops of " + load + "x" + load,
        ngf,
        cycle ? ", " + blocks + " blocks" : "");
    System.out.printf(
        "| upsampling | seed | PSNR dB | SSIM | layout (unpaired) |%n|---|---|---|---|---|%n");
    Path csv = work.resolve(cycle ? "quality.csv" : "quality-pix2pix.csv");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println("upsampling,seed,psnr,ssim,layout");
      for (String[] r : rows) {
        System.out.printf("| %s | %s | %s | %s | %s |%n", (Object[]) r);
        out.println(String.join(",", r));
      }
    }
    System.out.println(
        "layout: distance of the outputs' mean colours per region to the target domain's own"
            + " images (needs no pairs; lower is closer; -1 would rank the seeds as PSNR does)");
    rankings.forEach(System.out::println);
    System.out.println("written to " + csv);
    return 0;
  }

  /** One benchmark run: its data, folder, upsampling, seed, schedule and image scaling. */
  private record Run(
      Path data,
      Path folder,
      Upsampling mode,
      long seed,
      int constant,
      int decay,
      int budget,
      int load) {}

  /** The flags both procedures' benchmark runs share; the rest are the reference's defaults. */
  private String[] common(Run r, String generator) {
    return new String[] {
      "--data",
      r.data().toString(),
      "--run",
      r.folder().toString(),
      "--generator",
      generator,
      "--ngf",
      "" + ngf,
      "--ndf",
      "" + ndf,
      "--upsampling",
      r.mode().cliName(),
      "--load-size",
      "" + r.load(),
      "--crop-size",
      "" + size,
      "--seed",
      "" + r.seed(),
      "--n-epochs",
      "" + r.constant(),
      "--n-epochs-decay",
      "" + r.decay(),
      "--max-steps",
      "" + r.budget(),
      "--sample-every",
      "0",
      "--save-every",
      "400",
      "--print-every",
      "100"
    };
  }

  /** Trains (or resumes) one run and exports it once; the folder of the model to score. */
  private Path trainAndExport(Run run) throws Exception {
    Path models = run.folder().resolve("bench-export");
    if (procedure == Procedure.cyclegan) {
      CycleGanOptions opt = new CycleGanOptions(); // the reference's settings but for these
      TrainOptions.parse(opt, common(run, "resnet_6blocks"));
      opt.blocks = blocks;
      new CycleGanTrainer(opt.validate(), System.out).train();
      Path model = models.resolve("summer2winter").resolve("1");
      if (!Files.exists(model)) {
        Exporter.exportCycleGan(run.folder(), models, 1, System.out);
      }
      return model;
    }
    Pix2PixOptions opt = new Pix2PixOptions();
    String[] args = common(run, "unet_" + log2(size));
    new Pix2PixTrainer(TrainOptions.parse(opt, args), System.out).train();
    if (!Files.exists(models)) {
      return Exporter.exportPix2Pix(run.folder(), models, 1, System.out).folder();
    }
    try (var named = Files.list(models)) { // one folder, named after the direction
      return named.findFirst().orElseThrow().resolve("1");
    }
  }

  /** The side training images are scaled to: the option, or the bundled models' setting. */
  private int load(boolean cycle) {
    return loadSize != null ? loadSize : cycle ? size : Math.round(size * 1.125f);
  }

  /** The U-Net depth whose bottleneck is 1x1 at this size (unet_6 at 64 px). */
  private static int log2(int size) {
    return 31 - Integer.numberOfLeadingZeros(size);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String fmt4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
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
