package dev.i2i.trainer.eval;

import ai.onnxruntime.OrtException;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.trainer.data.ImageFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores a generator on a paired test set ({@code testA/}, {@code testB/} with matching file
 * names): G(A) against B, next to identity and colour transfer computed the same way.
 */
public final class Evaluator {
  private Evaluator() {}

  /** The folder whose statistics the colour-transfer baseline copies: trainB, else testB. */
  public static Path colourReference(Path data, String targetDir) {
    Path train = data.resolve(targetDir.replace("test", "train"));
    return Files.isDirectory(train) ? train : data.resolve(targetDir);
  }

  /** True when every file in testA/ has a partner of the same name in testB/. */
  public static boolean isPaired(Path data) throws IOException {
    if (!Files.isDirectory(data.resolve("testA")) || !Files.isDirectory(data.resolve("testB"))) {
      return false;
    }
    for (Path a : ImageFolder.open(data.resolve("testA")).files()) {
      if (!Files.exists(data.resolve("testB").resolve(a.getFileName()))) {
        return false;
      }
    }
    return true;
  }

  /** True when there are source images to translate and images of the target domain to compare. */
  public static boolean hasUnpairedSplit(Path data, boolean reverse) {
    return Files.isDirectory(data.resolve(reverse ? "testB" : "testA"))
        && Files.isDirectory(colourReference(data, reverse ? "testA" : "testB"));
  }

  /**
   * The score that needs no pairs: the {@link LayoutColour} distance between the model's outputs
   * for testA/ and the target domain's images (trainB/, else testB/); reversed, testB/ to A.
   */
  public static double layoutDistance(
      OnnxTranslator model, Path data, boolean reverse, IntConsumer progress)
      throws IOException, OrtException {
    ImageFolder src = ImageFolder.open(data.resolve(reverse ? "testB" : "testA"));
    ImageFolder ref = ImageFolder.open(colourReference(data, reverse ? "testA" : "testB"));
    LayoutColour outputs = new LayoutColour();
    for (int i = 0; i < src.size(); i++) {
      outputs.add(model.translate(src.read(i)));
      progress.accept(i + 1);
    }
    LayoutColour target = new LayoutColour();
    for (int i = 0; i < ref.size(); i++) {
      target.add(ref.read(i));
    }
    return outputs.distance(target);
  }

  /** Input and target images to score on. */
  public interface Pairs {
    int size();

    /** {@code [input, target]} of pair {@code i}. */
    BufferedImage[] get(int i) throws IOException;
  }

  /**
   * Scores on a dataset's paired test split, whichever layout it has: {@code test/} of side-by-side
   * A|B images, or {@code testA/} and {@code testB/} with the same file names.
   */
  public static Evaluation evaluateTestSplit(
      OnnxTranslator model, Path data, boolean reverse, IntConsumer progress)
      throws IOException, OrtException {
    if (AlignedPairs.isAligned(data)) {
      AlignedPairs pairs = new AlignedPairs(data.resolve("test"), !reverse);
      return evaluate(model, pairs, AlignedPairs.targets(data, !reverse), progress);
    }
    return evaluate(model, data, reverse, progress);
  }

  /** Test pairs in a dataset's paired test split (see {@link #evaluateTestSplit}). */
  public static int testSize(Path data, boolean reverse) throws IOException {
    if (AlignedPairs.isAligned(data)) {
      return new AlignedPairs(data.resolve("test"), !reverse).size();
    }
    return ImageFolder.open(data.resolve(reverse ? "testB" : "testA")).size();
  }

  /** Scores on {@code testA/} against {@code testB/} (reversed: testB against testA). */
  public static Evaluation evaluate(
      OnnxTranslator model, Path data, boolean reverse, IntConsumer progress)
      throws IOException, OrtException {
    String from = reverse ? "testB" : "testA";
    String to = reverse ? "testA" : "testB";
    ImageFolder src = ImageFolder.open(data.resolve(from));
    Path targetDir = data.resolve(to);
    ImageFolder ref = ImageFolder.open(colourReference(data, to));
    List<BufferedImage> refImages = new ArrayList<>();
    for (int i = 0; i < ref.size(); i++) {
      refImages.add(ref.read(i));
    }
    Pairs pairs =
        new Pairs() {
          @Override
          public int size() {
            return src.size();
          }

          @Override
          public BufferedImage[] get(int i) throws IOException {
            Path srcFile = src.files().get(i);
            Path targetFile = targetDir.resolve(srcFile.getFileName());
            if (!Files.exists(targetFile)) {
              throw new IOException(
                  srcFile
                      + " has no partner "
                      + targetFile
                      + ": evaluate needs a paired test set (same file names in "
                      + from
                      + "/ and "
                      + to
                      + "/)");
            }
            return new BufferedImage[] {src.read(i), ImageFolder.read(targetFile)};
          }
        };
    return evaluate(model, pairs, refImages, progress);
  }

  /**
   * Scores G(input) against the target, next to identity and colour transfer; and each one's {@link
   * LayoutColour} distance to the target domain's images (no pairs needed for that).
   *
   * @param domain images of the target domain: the colour transfer's statistics and the layout
   */
  public static Evaluation evaluate(
      OnnxTranslator model, Pairs pairs, List<BufferedImage> domain, IntConsumer progress)
      throws IOException, OrtException {
    ColorTransfer colour = ColorTransfer.fit(domain);
    LayoutColour target = new LayoutColour();
    domain.forEach(target::add);
    LayoutColour[] layouts = {new LayoutColour(), new LayoutColour(), new LayoutColour()};
    double[] sums = new double[9];
    for (int i = 0; i < pairs.size(); i++) {
      BufferedImage[] p = pairs.get(i);
      BufferedImage a = p[0];
      BufferedImage b = p[1];
      BufferedImage[] candidates = {model.translate(a), a, colour.apply(a)};
      for (int c = 0; c < 3; c++) {
        sums[3 * c] += ImageMetrics.psnr(candidates[c], b);
        sums[3 * c + 1] += ImageMetrics.ssim(candidates[c], b);
        sums[3 * c + 2] += ImageMetrics.l1(candidates[c], b);
        layouts[c].add(candidates[c]);
      }
      progress.accept(i + 1);
    }
    int n = pairs.size();
    return new Evaluation(
        n,
        sums[0] / n,
        sums[1] / n,
        sums[3] / n,
        sums[4] / n,
        sums[6] / n,
        sums[7] / n,
        sums[2] / n,
        sums[5] / n,
        sums[8] / n,
        layouts[0].distance(target),
        layouts[1].distance(target),
        layouts[2].distance(target));
  }
}
