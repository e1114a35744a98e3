package dev.i2i.streamer.cli;

import dev.i2i.cli.DeviceOption;
import dev.i2i.schemas.ModelKind;
import dev.i2i.streamer.deploy.ModelImporter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i import}: a generator trained elsewhere becomes a repository version. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Bring an ONNX generator trained elsewhere (e.g. exported from the PyTorch reference code) "
          + "into the model repository: its input and output are renamed to the contract's "
          + "('image', 'translated'), N/H/W made dynamic, a card written, a test translation run.",
      "Then deploy it like any other: i2i deploy --model NAME --from ROOT/NAME/VERSION."
    })
final class ImportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model name in the repository.")
  String model;

  @Option(names = "--onnx", required = true, description = "The ONNX file.")
  Path onnx;

  @Option(names = "--input-name", description = "Input to use when the model has several.")
  String inputName;

  @Option(names = "--output-name", description = "Output to use when the model has several.")
  String outputName;

  @Option(
      names = "--kind",
      defaultValue = "cyclegan",
      description = "cyclegan | pix2pix (${DEFAULT-VALUE}).")
  ModelKind kind;

  @Option(names = "--source-domain", required = true, description = "e.g. summer.")
  String sourceDomain;

  @Option(names = "--target-domain", required = true, description = "e.g. winter.")
  String targetDomain;

  @Option(
      names = "--resolution",
      defaultValue = "256",
      description = "Image size it was trained at (${DEFAULT-VALUE}).")
  int resolution;

  @Option(
      names = "--input-multiple",
      defaultValue = "4",
      description =
          "Height and width must be multiples of this: 4 for ResNet generators, 2^depth for "
              + "U-Nets (${DEFAULT-VALUE}).")
  int inputMultiple;

  @Option(
      names = "--note",
      description = "KEY=VALUE written into the card's training options (repeatable).")
  Map<String, String> notes = new LinkedHashMap<>();

  @Mixin ModelsRootOption modelsRoot;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    new ModelImporter(modelsRoot.repository(), device.device(), System.out)
        .importOnnx(
            model,
            onnx,
            new ModelImporter.Options(
                inputName,
                outputName,
                kind,
                sourceDomain,
                targetDomain,
                resolution,
                inputMultiple,
                notes));
    return 0;
  }
}
