package dev.i2i.trainer.export;

import dev.i2i.trainer.nn.GraphOps;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Builds networks as an ONNX graph (opset 13) from trained weights. Conv weights go from SameDiff's
 * YXIO {@code [kH,kW,in,out]} to ONNX's OIHW, transposed-conv weights from {@code [kH,kW,out,in]}
 * to ONNX's {@code [in,out,kH,kW]}: both are {@code permute(3,2,0,1)}.
 */
public final class OnnxOps implements GraphOps<String> {
  private final Map<String, INDArray> weights;
  private final Onnx.GraphProto.Builder graph;
  private final List<String> used = new ArrayList<>();
  private int counter;

  public OnnxOps(Map<String, INDArray> weights, Onnx.GraphProto.Builder graph) {
    this.weights = weights;
    this.graph = graph;
  }

  /** Names of the weights the graph used, to check nothing was left out. */
  public List<String> usedWeights() {
    return used;
  }

  private String fresh(String op) {
    return op.toLowerCase() + "_" + (counter++);
  }

  private String weight(String name, long[] expectedShape, boolean permute) {
    INDArray w = weights.get(name);
    if (w == null) {
      throw new IllegalArgumentException("the checkpoint has no weight " + name);
    }
    if (!java.util.Arrays.equals(w.shape(), expectedShape)) {
      throw new IllegalArgumentException(
          "weight "
              + name
              + " has shape "
              + java.util.Arrays.toString(w.shape())
              + ", expected "
              + java.util.Arrays.toString(expectedShape));
    }
    used.add(name);
    INDArray onnxLayout = permute ? w.permute(3, 2, 0, 1) : w;
    graph.addInitializer(floatTensor(name, onnxLayout));
    return name;
  }

  static Onnx.TensorProto floatTensor(String name, INDArray a) {
    float[] values = a.dup('c').data().asFloat();
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    Onnx.TensorProto.Builder t =
        Onnx.TensorProto.newBuilder()
            .setName(name)
            .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : a.shape()) {
      t.addDims(d);
    }
    return t.build();
  }

  private String constFloats(String name, float value, int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, value);
    ByteBuffer bytes = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(v);
    graph.addInitializer(
        Onnx.TensorProto.newBuilder()
            .setName(name)
            .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
            .addDims(n)
            .setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  private String constLongs(String name, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    graph.addInitializer(
        Onnx.TensorProto.newBuilder()
            .setName(name)
            .setDataType(Onnx.TensorProto.DataType.INT64.getNumber())
            .addDims(values.length)
            .setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  private Onnx.NodeProto.Builder node(String op, String... inputs) {
    String out = fresh(op);
    Onnx.NodeProto.Builder n =
        Onnx.NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n;
  }

  private String emit(Onnx.NodeProto.Builder n) {
    graph.addNode(n);
    return n.getOutput(0);
  }

  private static Onnx.AttributeProto ints(String name, long... v) {
    Onnx.AttributeProto.Builder a =
        Onnx.AttributeProto.newBuilder()
            .setName(name)
            .setType(Onnx.AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  private static Onnx.AttributeProto floatAttr(String name, float v) {
    return Onnx.AttributeProto.newBuilder()
        .setName(name)
        .setType(Onnx.AttributeProto.AttributeType.FLOAT)
        .setF(v)
        .build();
  }

  private static Onnx.AttributeProto stringAttr(String name, String v) {
    return Onnx.AttributeProto.newBuilder()
        .setName(name)
        .setType(Onnx.AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v))
        .build();
  }

  @Override
  public String conv(String x, String name, int in, int out, int k, int stride, int pad) {
    String w = weight(name + "/W", new long[] {k, k, in, out}, true);
    String b = weight(name + "/b", new long[] {out}, false);
    return emit(
        node("Conv", x, w, b)
            .addAttribute(ints("kernel_shape", k, k))
            .addAttribute(ints("strides", stride, stride))
            .addAttribute(ints("pads", pad, pad, pad, pad)));
  }

  @Override
  public String deconv(String x, String name, int in, int out, boolean aligned) {
    String w = weight(name + "/W", new long[] {3, 3, out, in}, true);
    String b = weight(name + "/b", new long[] {out}, false);
    // Of the full 2H+1 output, the reference drops the first row and column (as PyTorch's
    // padding 1, output_padding 1), SameDiff's SAME mode the last.
    return emit(
        node("ConvTranspose", x, w, b)
            .addAttribute(ints("kernel_shape", 3, 3))
            .addAttribute(ints("strides", 2, 2))
            .addAttribute(aligned ? ints("pads", 1, 1, 0, 0) : ints("pads", 0, 0, 1, 1)));
  }

  @Override
  public String upsample(String x) {
    // Asymmetric coordinates with floor: output pixel (y, x) takes input (y/2, x/2), as SameDiff.
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(new float[] {1, 1, 2, 2});
    String scales = fresh("scales");
    graph.addInitializer(
        Onnx.TensorProto.newBuilder()
            .setName(scales)
            .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
            .addDims(4)
            .setRawData(ByteString.copyFrom(bytes.array())));
    return emit(
        node("Resize", x, "", scales)
            .addAttribute(stringAttr("mode", "nearest"))
            .addAttribute(stringAttr("coordinate_transformation_mode", "asymmetric"))
            .addAttribute(stringAttr("nearest_mode", "floor")));
  }

  @Override
  public String reflectPad(String x, int pad) {
    String pads = constLongs(fresh("pads"), 0, 0, pad, pad, 0, 0, pad, pad);
    return emit(node("Pad", x, pads).addAttribute(stringAttr("mode", "reflect")));
  }

  @Override
  public String instanceNorm(String x, int channels) {
    String scale = constFloats(fresh("ones"), 1f, channels);
    String bias = constFloats(fresh("zeros"), 0f, channels);
    return emit(
        node("InstanceNormalization", x, scale, bias).addAttribute(floatAttr("epsilon", 1e-5f)));
  }

  @Override
  public String relu(String x) {
    return emit(node("Relu", x));
  }

  @Override
  public String leakyRelu(String x, double alpha) {
    return emit(node("LeakyRelu", x).addAttribute(floatAttr("alpha", (float) alpha)));
  }

  @Override
  public String tanh(String x) {
    return emit(node("Tanh", x));
  }

  @Override
  public String add(String a, String b) {
    return emit(node("Add", a, b));
  }

  @Override
  public String concat(String a, String b) {
    return emit(node("Concat", a, b).addAttribute(intAttr("axis", 1)));
  }

  @Override
  public String batchNorm(String x, String name, int channels) {
    long[] c = {channels};
    String scale = weight(name + "/gamma", c, false);
    String bias = weight(name + "/beta", c, false);
    String mean = weight(name + dev.i2i.trainer.nn.Params.RUNNING_MEAN, c, false);
    String var = weight(name + dev.i2i.trainer.nn.Params.RUNNING_VAR, c, false);
    // Inference mode: the running statistics, as the trainer's inference graph uses them.
    return emit(
        node("BatchNormalization", x, scale, bias, mean, var)
            .addAttribute(floatAttr("epsilon", 1e-5f)));
  }

  @Override
  public String dropout(String x, String name, int channels, int downscale) {
    return x; // a served model runs in inference mode: no dropout
  }

  private static Onnx.AttributeProto intAttr(String name, long v) {
    return Onnx.AttributeProto.newBuilder()
        .setName(name)
        .setType(Onnx.AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }
}
