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
    ColorTransfer colour = ColorTransfer.fit(refImages);
    double[] sums = new double[6];
    for (int i = 0; i < src.size(); i++) {
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
      BufferedImage a = src.read(i);
      BufferedImage b = ImageFolder.read(targetFile);
      BufferedImage fake = model.translate(a);
      BufferedImage ct = colour.apply(a);
      sums[0] += ImageMetrics.psnr(fake, b);
      sums[1] += ImageMetrics.ssim(fake, b);
      sums[2] += ImageMetrics.psnr(a, b);
      sums[3] += ImageMetrics.ssim(a, b);
      sums[4] += ImageMetrics.psnr(ct, b);
      sums[5] += ImageMetrics.ssim(ct, b);
      progress.accept(i + 1);
    }
    int n = src.size();
    return new Evaluation(
        n, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n);
  }
}
