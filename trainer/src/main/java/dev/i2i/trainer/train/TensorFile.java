package dev.i2i.trainer.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A file of named ND4J arrays, in ND4J's exact binary form (bit-for-bit on reload). */
public final class TensorFile {
  private static final int MAGIC = 0x49324954; // "I2IT"

  private TensorFile() {}

  public static void write(Path file, Map<String, INDArray> arrays) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(arrays.size());
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
        out.writeUTF(e.getKey());
        Nd4j.write(e.getValue(), out);
      }
    }
  }

  public static Map<String, INDArray> read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not an i2i tensor file");
      }
      int n = in.readInt();
      Map<String, INDArray> arrays = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        arrays.put(in.readUTF(), Nd4j.read(in));
      }
      return arrays;
    }
  }
}
