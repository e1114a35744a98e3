package dev.i2i.trainer.export;

import dev.i2i.schemas.ModelContract;
import dev.i2i.trainer.nn.Generator;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a trained generator as an ONNX model that follows the {@link ModelContract}: input {@code
 * image}, output {@code translated}, float32 {@code [N,3,H,W]} with N, H, W symbolic.
 */
public final class OnnxGenerator {
  private static final long IR_VERSION = 8; // the newest the bundled ONNX classes know
  private static final long OPSET = 13;

  private OnnxGenerator() {}

  /** Builds the model bytes for the generator named {@code prefix} (e.g. {@code G_A}). */
  public static byte[] build(
      Generator spec, Map<String, INDArray> weights, String prefix, String docString) {
    Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName(prefix);
    OnnxOps ops = new OnnxOps(weights, graph);
    String out = spec.build(ops, ModelContract.INPUT, prefix);
    graph.addNode(
        Onnx.NodeProto.newBuilder()
            .setOpType("Identity")
            .setName("output")
            .addInput(out)
            .addOutput(ModelContract.OUTPUT));
    long expected = weights.keySet().stream().filter(k -> k.startsWith(prefix + "/")).count();
    if (ops.usedWeights().size() != expected) {
      throw new IllegalArgumentException(
          "the graph used "
              + ops.usedWeights().size()
              + " weights of "
              + prefix
              + " but the checkpoint has "
              + expected
              + " (does the generator spec match the run?)");
    }
    graph.addInput(imageInfo(ModelContract.INPUT));
    graph.addOutput(imageInfo(ModelContract.OUTPUT));
    return Onnx.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("i2i")
        .setDocString(docString)
        .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static Onnx.ValueInfoProto imageInfo(String name) {
    Onnx.TensorShapeProto.Builder shape =
        Onnx.TensorShapeProto.newBuilder()
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(
                Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(ModelContract.CHANNELS))
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("H"))
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("W"));
    return Onnx.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            Onnx.TypeProto.newBuilder()
                .setTensorType(
                    Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
