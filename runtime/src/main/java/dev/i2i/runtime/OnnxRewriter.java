package dev.i2i.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Edits an ONNX model's bytes without an ONNX library: renames values (graph inputs and outputs and
 * every node reference to them) and rewrites the dimensions of the graph's input and output shapes.
 * Works on protobuf's wire format; every field it does not touch is copied byte for byte.
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

  public byte[] rewrite(byte[] model) {
    return message(model, (field, payload) -> field == 7 ? graph(payload) : null);
  }

  private byte[] graph(byte[] g) {
    return message(
        g,
        (field, payload) ->
            switch (field) {
              case 1 -> message(payload, (f, p) -> f == 1 || f == 2 ? rename(p) : null); // node
              case 11, 12 -> valueInfo(payload, true);
              case 13 -> valueInfo(payload, false);
              default -> null;
            });
  }

  private byte[] valueInfo(byte[] v, boolean io) {
    return message(
        v,
        (field, payload) -> {
          if (field == 1) {
            return rename(payload);
          }
          if (field == 2 && io) { // TypeProto.tensor_type(1).shape(2).dim(1)
            return message(
                payload,
                (f1, tensor) ->
                    f1 != 1 ? null : message(tensor, (f2, shape) -> f2 != 2 ? null : shape(shape)));
          }
          return null;
        });
  }

  private byte[] shape(byte[] shape) {
    int[] index = {0};
    return message(
        shape,
        (field, dim) -> {
          if (field != 1) {
            return null;
          }
          Dim current = readDim(dim);
          Dim next = dims.apply(index[0]++, current);
          return next.equals(current) ? null : writeDim(next);
        });
  }

  private static Dim readDim(byte[] dim) {
    Dim[] out = {new Dim(null, null)};
    Reader r = new Reader(dim);
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == 1 && wire == 0) {
        out[0] = Dim.fixed(r.varint());
      } else if (field == 2 && wire == 2) {
        out[0] = Dim.symbolic(new String(r.bytes(), StandardCharsets.UTF_8));
      } else {
        r.skip(wire);
      }
    }
    return out[0];
  }

  private static byte[] writeDim(Dim d) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (d.value() != null) {
      varint(out, 1 << 3);
      varint(out, d.value());
    } else if (d.param() != null) {
      byte[] s = d.param().getBytes(StandardCharsets.UTF_8);
      varint(out, (2 << 3) | 2);
      varint(out, s.length);
      out.writeBytes(s);
    }
    return out.toByteArray();
  }

  private byte[] rename(byte[] name) {
    String to = renames.get(new String(name, StandardCharsets.UTF_8));
    return to == null ? null : to.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Counts the tensors whose data lives outside the model file (ONNX external data): initializers,
   * sparse initializers and tensors in node attributes, in the main graph and in subgraphs. A
   * served model must be one self-contained, hashed file, so such a model is refused.
   */
  public static int externalTensors(byte[] model) {
    int[] count = {0};
    message(model, (f, p) -> f == 7 ? scanGraph(p, count) : null);
    return count[0];
  }

  private static byte[] scanGraph(byte[] graph, int[] count) {
    return message(
        graph,
        (f, p) -> {
          switch (f) {
            case 5 -> scanTensor(p, count); // initializer
            case 15 -> message(p, (g, q) -> g <= 2 ? scanTensor(q, count) : null); // sparse
            case 1 -> message(p, (g, q) -> g == 5 ? scanAttribute(q, count) : null); // node
            default -> {}
          }
          return null;
        });
  }

  private static byte[] scanAttribute(byte[] attribute, int[] count) {
    return message(
        attribute,
        (f, p) -> {
          switch (f) {
            case 5, 10 -> scanTensor(p, count); // t, tensors
            case 6, 11 -> scanGraph(p, count); // g, graphs
            default -> {}
          }
          return null;
        });
  }

  private static byte[] scanTensor(byte[] tensor, int[] count) {
    Reader r = new Reader(tensor);
    boolean external = false;
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == 14 && wire == 0) {
        external |= r.varint() == 1; // data_location = EXTERNAL
      } else if (field == 13 && wire == 2) {
        r.skip(wire);
        external = true; // external_data entries
      } else {
        r.skip(wire);
      }
    }
    count[0] += external ? 1 : 0;
    return null;
  }

  /** Returns new payload bytes for a length-delimited field, or null to copy it unchanged. */
  private interface FieldEdit {
    byte[] edit(int field, byte[] payload);
  }

  private static byte[] message(byte[] msg, FieldEdit edit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(msg.length);
    Reader r = new Reader(msg);
    while (r.more()) {
      int start = r.pos;
      long tag = r.varint();
      int wire = (int) (tag & 7);
      if (wire != 2) {
        r.skip(wire);
        out.write(msg, start, r.pos - start);
        continue;
      }
      byte[] payload = r.bytes();
      byte[] edited = edit.edit((int) (tag >>> 3), payload);
      if (edited == null) {
        out.write(msg, start, r.pos - start);
      } else {
        varint(out, tag);
        varint(out, edited.length);
        out.writeBytes(edited);
      }
    }
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    boolean more() {
      return pos < b.length;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= b.length) {
          throw new IllegalArgumentException("not an ONNX model: truncated varint at " + pos);
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("not an ONNX model: malformed varint at " + pos);
    }

    byte[] bytes() {
      long n = varint();
      if (n < 0 || pos + n > b.length) {
        throw new IllegalArgumentException("not an ONNX model: field length " + n + " at " + pos);
      }
      byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
      pos += (int) n;
      return out;
    }

    void skip(int wire) {
      switch (wire) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> bytes();
        case 5 -> pos += 4;
        default ->
            throw new IllegalArgumentException(
                "not an ONNX model: wire type " + wire + " at " + pos);
      }
      if (pos > b.length) {
        throw new IllegalArgumentException("not an ONNX model: truncated at " + b.length);
      }
    }
  }
}
