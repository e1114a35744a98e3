package dev.i2i.runtime;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.i2i.runtime.onnx.OnnxModel.AttributeProto;
import dev.i2i.runtime.onnx.OnnxModel.GraphProto;
import dev.i2i.runtime.onnx.OnnxModel.ModelProto;
import dev.i2i.runtime.onnx.OnnxModel.NodeProto;
import dev.i2i.runtime.onnx.OnnxModel.SparseTensorProto;
import dev.i2i.runtime.onnx.OnnxModel.TensorProto;
import dev.i2i.runtime.onnx.OnnxModel.TensorShapeProto;
import dev.i2i.runtime.onnx.OnnxModel.ValueInfoProto;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Edits an ONNX model through the ONNX classes generated from {@code src/main/proto}: renames
 * values (graph inputs and outputs and every node reference to them) and rewrites the dimensions of
 * the graph's input and output shapes. Fields the generated model does not name (weights,
 * attributes' values, metadata, ...) are kept as they were.
 */
public final class OnnxRewriter {
  /** A dimension: a fixed size, or a symbolic name (dynamic). */
  public record Dim(Long value, String param) {
    public static Dim fixed(long v) {
      return new Dim(v, null);
    }

    public static Dim symbolic(String name) {
      return new Dim(null, name);
    }

    static Dim of(TensorShapeProto.Dimension d) {
      return d.hasDimValue()
          ? fixed(d.getDimValue())
          : d.hasDimParam() ? symbolic(d.getDimParam()) : new Dim(null, null);
    }

    TensorShapeProto.Dimension proto(TensorShapeProto.Dimension was) {
      TensorShapeProto.Dimension.Builder b = was.toBuilder().clearValue();
      if (value != null) {
        b.setDimValue(value);
      } else if (param != null) {
        b.setDimParam(param);
      }
      return b.build();
    }
  }

  private final Map<String, String> renames;
  private final BiFunction<Integer, Dim, Dim> dims;

  /**
   * @param renames old value name to new
   * @param dims given a dimension's index and current value in a graph input or output shape,
   *     returns its new value
   */
  public OnnxRewriter(Map<String, String> renames, BiFunction<Integer, Dim, Dim> dims) {
    this.renames = renames;
    this.dims = dims;
  }

  /** The model with the renames and dimensions applied; refused when it is not an ONNX model. */
  public byte[] rewrite(byte[] model) {
    ModelProto m = parse(model);
    if (!m.hasGraph()) {
      return model;
    }
    GraphProto.Builder g = m.getGraph().toBuilder();
    for (NodeProto.Builder node : g.getNodeBuilderList()) {
      for (int i = 0; i < node.getInputCount(); i++) {
        node.setInput(i, renamed(node.getInput(i)));
      }
      for (int i = 0; i < node.getOutputCount(); i++) {
        node.setOutput(i, renamed(node.getOutput(i)));
      }
    }
    rewriteAll(g.getInputBuilderList(), true);
    rewriteAll(g.getOutputBuilderList(), true);
    rewriteAll(g.getValueInfoBuilderList(), false);
    return m.toBuilder().setGraph(g).build().toByteArray();
  }

  private void rewriteAll(List<ValueInfoProto.Builder> values, boolean shapes) {
    for (ValueInfoProto.Builder v : values) {
      if (v.hasName()) {
        v.setName(renamed(v.getName()));
      }
      if (shapes && v.hasType() && v.getType().hasTensorType()) {
        TensorShapeProto.Builder shape =
            v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        for (int i = 0; i < shape.getDimCount(); i++) {
          TensorShapeProto.Dimension was = shape.getDim(i);
          Dim current = Dim.of(was);
          Dim next = dims.apply(i, current);
          if (!next.equals(current)) {
            shape.setDim(i, next.proto(was));
          }
        }
      }
    }
  }

  private String renamed(String name) {
    return renames.getOrDefault(name, name);
  }

  /**
   * Counts the tensors whose data lives outside the model file (ONNX external data): initializers,
   * sparse initializers and tensors in node attributes, in the main graph and in subgraphs. A
   * served model must be one self-contained, hashed file, so such a model is refused.
   */
  public static int externalTensors(byte[] model) {
    ModelProto m = parse(model);
    return m.hasGraph() ? external(m.getGraph()) : 0;
  }

  private static int external(GraphProto g) {
    int n = 0;
    for (TensorProto t : g.getInitializerList()) {
      n += external(t);
    }
    for (SparseTensorProto s : g.getSparseInitializerList()) {
      n += external(s);
    }
    for (NodeProto node : g.getNodeList()) {
      for (AttributeProto a : node.getAttributeList()) {
        n += a.hasT() ? external(a.getT()) : 0;
        n += a.hasG() ? external(a.getG()) : 0;
        n += a.hasSparseTensor() ? external(a.getSparseTensor()) : 0;
        for (TensorProto t : a.getTensorsList()) {
          n += external(t);
        }
        for (GraphProto sub : a.getGraphsList()) {
          n += external(sub);
        }
        for (SparseTensorProto s : a.getSparseTensorsList()) {
          n += external(s);
        }
      }
    }
    return n;
  }

  private static int external(SparseTensorProto s) {
    return external(s.getValues()) + external(s.getIndices());
  }

  private static int external(TensorProto t) {
    return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL ? 1 : 0;
  }

  private static ModelProto parse(byte[] model) {
    try {
      return ModelProto.parseFrom(model);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
  }
}
