package dev.i2i.streamer.deploy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.runtime.OnnxRewriter;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelContract;
import dev.i2i.schemas.ModelKind;
import dev.i2i.schemas.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Brings a generator trained elsewhere (e.g. exported from the PyTorch reference code) into the
 * repository: maps its input and output onto the contract's names, makes batch, height and width
 * dynamic, writes a card with its sha256, and checks a test translation. The new version is then
 * deployed like any other ({@code i2i deploy --from ROOT/NAME/VERSION}).
 */
public final class ModelImporter {
  /**
   * What the file cannot tell.
   *
   * @param inputName the model's input to use (null: its only input)
   * @param outputName the model's output to use (null: its only output)
   */
  public record Options(
      String inputName,
      String outputName,
      ModelKind kind,
      String sourceDomain,
      String targetDomain,
      int trainedResolution,
      int inputMultiple,
      Map<String, String> notes) {}

  private final ModelRepository repo;
  private final Device device;
  private final PrintStream out;

  public ModelImporter(ModelRepository repo, Device device, PrintStream out) {
    this.repo = repo;
    this.device = device;
    this.out = out;
  }

  /** Imports {@code onnx} as the next version of {@code model}; returns its folder. */
  public ModelFolder importOnnx(String model, Path onnx, Options o) throws Exception {
    if (!Files.isRegularFile(onnx)) {
      throw new IOException("ONNX file " + onnx + " does not exist");
    }
    String input;
    String output;
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        OrtSession s = OrtEnvironment.getEnvironment().createSession(onnx.toString(), so)) {
      input = pick("input", s.getInputInfo(), o.inputName(), "--input-name");
      output = pick("output", s.getOutputInfo(), o.outputName(), "--output-name");
      check("input", input, s.getInputInfo().get(input));
      check("output", output, s.getOutputInfo().get(output));
    } catch (OrtException e) {
      throw new ModelDeployer.Refused(onnx + " is not a model ONNX Runtime can load: " + e);
    }
    Map<String, String> renames = new HashMap<>();
    if (!input.equals(ModelContract.INPUT)) {
      renames.put(input, ModelContract.INPUT);
    }
    if (!output.equals(ModelContract.OUTPUT)) {
      renames.put(output, ModelContract.OUTPUT);
    }
    String[] symbols = {"N", null, "H", "W"};
    byte[] bytes =
        new OnnxRewriter(
                renames,
                (i, d) ->
                    i < symbols.length && symbols[i] != null
                        ? OnnxRewriter.Dim.symbolic(symbols[i])
                        : d)
            .rewrite(Files.readAllBytes(onnx));
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("importedFrom", onnx.toAbsolutePath().toString());
    training.put("importedSha256", Sha256.of(onnx));
    training.put("originalInput", input);
    training.put("originalOutput", output);
    training.putAll(o.notes());
    ModelCard card =
        new ModelCard(
                model,
                1, // the repository gives the version
                o.kind(),
                o.sourceDomain(),
                o.targetDomain(),
                o.trainedResolution(),
                o.inputMultiple(),
                Sha256.of(bytes),
                ModelContract.VERSION,
                training,
                Map.of(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                null) // measured when ONNX Runtime loads it, before the version appears
            .validated();
    ModelFolder added =
        repo.addVersion(
            model,
            bytes,
            card,
            0,
            0,
            staged -> {
              try (OnnxTranslator t = OnnxTranslator.open(staged, device)) {
                double ms = t.warmUp();
                out.printf(
                    "%s: input '%s' -> '%s', output '%s' -> '%s', N/H/W dynamic, test"
                        + " translation %.0f ms%n",
                    onnx, input, ModelContract.INPUT, output, ModelContract.OUTPUT, ms);
                return staged.card().withMinInputSize(t.minSide());
              } catch (IllegalArgumentException | IllegalStateException | OrtException e) {
                throw new ModelDeployer.Refused(
                    onnx
                        + " does not work as a generator after mapping it onto the contract: "
                        + e);
              }
            });
    out.printf(
        "imported as %s v%d in %s; deploy it with: i2i deploy --model %s --from %s%n",
        model, added.card().version(), repo.root(), model, added.dir());
    return added;
  }

  private static String pick(String what, Map<String, NodeInfo> nodes, String given, String flag) {
    if (given != null) {
      if (!nodes.containsKey(given)) {
        throw new IllegalArgumentException(
            "the model has no " + what + " '" + given + "'; its " + what + "s: " + nodes.keySet());
      }
      return given;
    }
    if (nodes.size() != 1) {
      throw new IllegalArgumentException(
          "the model has "
              + nodes.size()
              + " "
              + what
              + "s "
              + nodes.keySet()
              + ": pick one with "
              + flag);
    }
    return nodes.keySet().iterator().next();
  }

  private static void check(String what, String name, NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo t)) {
      throw new ModelDeployer.Refused(what + " '" + name + "' is not a tensor");
    }
    long[] shape = t.getShape();
    if (t.type != ai.onnxruntime.OnnxJavaType.FLOAT
        || shape.length != 4
        || (shape[1] != ModelContract.CHANNELS && shape[1] >= 0)) {
      throw new ModelDeployer.Refused(
          what
              + " '"
              + name
              + "' is "
              + t.type
              + " "
              + Arrays.toString(shape)
              + "; the contract needs float32 [N,3,H,W]");
    }
  }
}
