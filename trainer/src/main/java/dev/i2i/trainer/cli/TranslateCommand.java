package dev.i2i.trainer.cli;

import dev.i2i.cli.DeviceOption;
import dev.i2i.cli.Progress;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.trainer.data.ImageFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i translate}: a folder of images through an exported model, offline. */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description = "Translate a folder of images with an exported model (keeps names and sizes).")
final class TranslateCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      description = "Model folder (model.onnx + card.json).")
  Path model;

  @Option(names = "--in", required = true, description = "Folder of input images.")
  Path in;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    ModelFolder folder = ModelFolder.open(model);
    ImageFolder images = ImageFolder.open(in);
    Files.createDirectories(out);
    try (OnnxTranslator t = OnnxTranslator.open(folder, device.device())) {
      Progress progress = new Progress(System.out, "translate", 0, images.size(), 20);
      long start = System.nanoTime();
      for (int i = 0; i < images.size(); i++) {
        Path file = images.files().get(i);
        BufferedImage result = t.translate(images.read(i));
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!ImageIO.write(result, ext, out.resolve(name).toFile())) {
          ImageIO.write(result, "png", out.resolve(name + ".png").toFile());
        }
        progress.update(i + 1, name);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "translated %d images with %s v%d on %s in %.1f s (%.1f images/s) to %s%n",
          images.size(),
          folder.card().name(),
          folder.card().version(),
          t.provider(),
          secs,
          images.size() / secs,
          out);
    }
    return 0;
  }
}
