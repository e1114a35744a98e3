package dev.i2i.trainer.export;

import ai.onnxruntime.OrtException;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.nn.Params;
import dev.i2i.trainer.nn.SameDiffOps;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the same random inputs through the trainer's own SameDiff forward pass (in inference mode)
 * and through ONNX Runtime, and reports the largest absolute difference per input shape.
 */
public final class ParityCheck {
  public static final double TOLERANCE = 1e-4;

  private ParityCheck() {}

  /** Max |ORT - SameDiff| over every shape; shapes are {@code [N,3,H,W]}. */
  public static double maxAbsDiff(
      Generator spec,
      Map<String, INDArray> weights,
      String prefix,
      Path onnx,
      long[][] shapes,
      long seed)
      throws OrtException, java.io.IOException {
    SameDiff sd = SameDiff.create();
    Params params = new Params();
    weights.forEach(
        (k, v) -> {
          if (k.startsWith(prefix + "/")) {
            params.put(k, v);
          }
        });
    SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3, -1, -1);
    // Inference mode: batch norm with running statistics, no dropout - what the ONNX model does.
    spec.build(new SameDiffOps(sd, params, false), in, prefix).rename("out");
    Nd4j.getRandom().setSeed(seed);
    double worst = 0;
    try (OnnxTranslator ort = OnnxTranslator.open(onnx, spec.inputMultiple(), Device.CPU)) {
      for (long[] shape : shapes) {
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).muli(2).subi(1);
        float[] expected = sd.outputSingle(Map.of("in", x), "out").dup('c').data().asFloat();
        float[] actual = ort.run(x.dup('c').data().asFloat(), shape);
        for (int i = 0; i < expected.length; i++) {
          worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
      }
    }
    return worst;
  }
}
