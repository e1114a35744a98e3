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
import dev.i2i.trainer.train.GanLoss;
import dev.i2i.trainer.train.Pix2PixOptions;
import dev.i2i.trainer.train.Pix2PixTrainer;
import dev.i2i.trainer.train.TrainOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  @Option(
      names = "--n-layers-d",
      defaultValue = "3",
      description =
          "PatchGAN layers (${DEFAULT-VALUE}, the reference's; 4 sees more of a 64 px image).")
  int nLayersD;

  @Option(
      names = "--n-layers-d2",
      description =
          "CycleGAN: layers of a second PatchGAN per domain, 0 for none (default: the trainer's,"
              + " ${DEFAULT-VALUE}).")
  int nLayersD2 = new CycleGanOptions().nLayersD2;

  @Option(
      names = "--gan-mode",
      description =
          "vanilla | lsgan | vanilla_lsgan (CycleGAN only) (default: the trainer's, vanilla for"
              + " both procedures; the reference trains CycleGAN with lsgan).")
  GanLoss ganMode;

  @Option(
      names = "--average-decay",
      defaultValue = "0.999",
      description =
          "Keep the generators' weight average with this decay and score it next to the last"
              + " step's weights (0: last weights only) (${DEFAULT-VALUE}).")
  double averageDecay;

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
    String averaging = averageDecay > 0 ? "-avg" + averageDecay : "";
    GanLoss gan =
        ganMode != null
            ? ganMode
            : cycle ? new CycleGanOptions().ganMode : new Pix2PixOptions().ganMode;
    // Named against the reference's loss, as runs were before CycleGAN's default became vanilla.
    GanLoss reference = cycle ? GanLoss.LSGAN : GanLoss.VANILLA;
    String loss = gan == reference ? "" : "-" + gan.cliName();
    String critic =
        (nLayersD == 3 ? "" : "-d" + nLayersD) + (cycle && nLayersD2 > 0 ? "+" + nLayersD2 : "");
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
    // Scores by label: the mode, and the mode with "+average" for the weight average's export.
    Map<String, List<double[]>> scores = new LinkedHashMap<>();
    Map<String, List<String[]>> rows = new LinkedHashMap<>();
    for (Upsampling mode : upsampling) {
      String u = mode.cliName();
      for (long seed : seeds) {
        String name =
            (cycle ? "" : "pix2pix-")
                + u
                + "-"
                + budget
                + scaling
                + critic
                + loss
                + averaging
                + "-"
                + seed;
        Path run = work.resolve("runs").resolve(name);
        System.out.printf(
            "== %s %s, seed %d: %d steps (%d+%d epochs)%n",
            procedure, u, seed, budget, constant, epochs - constant);
        Map<String, Path> models =
            trainAndExport(
                new Run(data, run, mode, seed, constant, epochs - constant, budget, load, gan));
        for (var m : models.entrySet()) {
          String label = u + m.getKey();
          try (OnnxTranslator g = OnnxTranslator.open(ModelFolder.open(m.getValue()), Device.CPU)) {
            Evaluation e = Evaluator.evaluateTestSplit(g, data, false, i -> {});
            scores.computeIfAbsent(label, k -> new ArrayList<>()).add(score(e));
            rows.computeIfAbsent(label, k -> new ArrayList<>())
                .add(
                    new String[] {
                      label, Long.toString(seed), fmt(e.psnr()), fmt(e.ssim()), fmt4(e.layout())
                    });
            System.out.printf(
                "%s seed %d: PSNR %.2f dB, SSIM %.3f, layout %.4f%n",
                label, seed, e.psnr(), e.ssim(), e.layout());
          }
        }
      }
    }
    List<String> rankings = new ArrayList<>();
    for (var e : scores.entrySet()) {
      List<double[]> s = e.getValue();
      rows.get(e.getKey())
          .add(
              new String[] {
                e.getKey(), "mean", meanSd(s, 0, "%.2f"), meanSd(s, 1, "%.3f"), meanSd(s, 2, "%.4f")
              });
      if (s.size() >= 3) {
        rankings.add(
            String.format(
                Locale.ROOT,
                "%s: Spearman rank correlation of layout and PSNR over the %d seeds: %.2f",
                e.getKey(),
                s.size(),
                Ranks.spearman(s, 2, 0)));
      }
    }
    System.out.printf(
        "%n%s on %d paired test %s (%dx%d), %d steps, trained on %s, ngf %d%s, %d-layer"
            + " PatchGAN%s, %s GAN loss:%n",
        cycle ? "summer -> winter" : "edges -> scene",
        test,
        cycle ? "scenes" : "pairs",
        size,
        size,
        budget,
        load == size ? "whole images" : "random crops of " + load + "x" + load,
        ngf,
        cycle ? ", " + blocks + " blocks" : "",
        nLayersD,
        cycle && nLayersD2 > 0 ? " and a " + nLayersD2 + "-layer one" : "",
        gan.cliName());
    System.out.printf(
        "| model | seed | PSNR dB | SSIM | layout (unpaired) |%n|---|---|---|---|---|%n");
    Path csv = work.resolve(cycle ? "quality.csv" : "quality-pix2pix.csv");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println("model,seed,psnr,ssim,layout");
      for (List<String[]> group : rows.values()) {
        for (String[] r : group) {
          System.out.printf("| %s | %s | %s | %s | %s |%n", (Object[]) r);
          out.println(String.join(",", r));
        }
      }
    }
    if (averageDecay > 0) {
      System.out.printf(
          "+average: the same runs' weight average (decay %s), exported instead of the last"
              + " step's weights%n",
          averageDecay);
    }
    System.out.println(
        "layout: distance of the outputs' mean colours per region to the target domain's own"
            + " images (needs no pairs; lower is closer; -1 would rank the seeds as PSNR does)");
    rankings.forEach(System.out::println);
    System.out.println(
        "trained on "
            + Backend.cpu()
            + ": a seed gives the same run again on a CPU like it, another run on others (compare"
            + " means over seeds across machines)");
    System.out.println("written to " + csv);
    return 0;
  }

  /**
   * One benchmark run: its data, folder, upsampling, seed, schedule, image scaling and GAN loss.
   */
  private record Run(
      Path data,
      Path folder,
      Upsampling mode,
      long seed,
      int constant,
      int decay,
      int budget,
      int load,
      GanLoss gan) {}

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
      "--n-layers-d",
      "" + nLayersD,
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
      "--gan-mode",
      r.gan().cliName(),
      "--average-decay",
      "" + averageDecay,
      "--sample-every",
      "0",
      "--save-every",
      "400",
      "--print-every",
      "100"
    };
  }

  /**
   * Trains (or resumes) one run and exports it once (twice with a weight average: the last step's
   * weights and the average); the folders of the models to score, by label suffix.
   */
  private Map<String, Path> trainAndExport(Run run) throws Exception {
    if (procedure == Procedure.cyclegan) {
      CycleGanOptions opt = new CycleGanOptions(); // the reference's settings but for these
      TrainOptions.parse(opt, common(run, "resnet_6blocks"));
      opt.blocks = blocks;
      opt.nLayersD2 = nLayersD2;
      new CycleGanTrainer(opt.validate(), System.out).train();
    } else {
      Pix2PixOptions opt = new Pix2PixOptions();
      new Pix2PixTrainer(TrainOptions.parse(opt, common(run, "unet_" + log2(size))), System.out)
          .train();
    }
    Map<String, Path> models = new LinkedHashMap<>();
    models.put("", export(run.folder(), "bench-export", false));
    if (averageDecay > 0) {
      models.put("+average", export(run.folder(), "bench-export-average", true));
    }
    return models;
  }

  /** Exports a run once into {@code RUN/FOLDER}; the folder of the model to score. */
  private Path export(Path run, String folder, boolean averaged) throws Exception {
    Path models = run.resolve(folder);
    if (!Files.exists(models)) {
      if (procedure == Procedure.cyclegan) {
        Exporter.exportCycleGan(run, models, 1, averaged, System.out);
      } else {
        Exporter.exportPix2Pix(run, models, 1, averaged, System.out);
      }
    }
    if (procedure == Procedure.cyclegan) {
      return models.resolve("summer2winter").resolve("1");
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

  private static double[] score(Evaluation e) {
    return new double[] {e.psnr(), e.ssim(), e.layout()};
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
