package dev.i2i.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A thread's direct, native-order tensor buffers, kept from one inference call to the next: ONNX
 * Runtime reads the input from and writes the output into them without a copy, and a call at a size
 * seen before allocates (and zeroes) nothing. Buffers over {@link #MAX_KEPT_FLOATS} are made for
 * the call and left to the collector, so a thread that once served a huge image does not keep its
 * memory.
 */
public final class TensorBuffers {
  /** Largest buffer kept per thread and role: 4 MiB, a 576x576 image's tensor. */
  static final int MAX_KEPT_FLOATS = 1 << 20;

  private static final ThreadLocal<TensorBuffers> OWN = ThreadLocal.withInitial(TensorBuffers::new);

  private FloatBuffer input;
  private FloatBuffer output;

  private TensorBuffers() {}

  /** This thread's buffers. */
  static TensorBuffers forThisThread() {
    return OWN.get();
  }

  /** A buffer for {@code floats} input values, position 0 and limit {@code floats}. */
  FloatBuffer input(int floats) {
    FloatBuffer b = fit(input, floats);
    if (floats <= MAX_KEPT_FLOATS) {
      input = b;
    }
    return b.clear().limit(floats);
  }

  /** A buffer for {@code floats} output values, position 0 and limit {@code floats}. */
  FloatBuffer output(int floats) {
    FloatBuffer b = fit(output, floats);
    if (floats <= MAX_KEPT_FLOATS) {
      output = b;
    }
    return b.clear().limit(floats);
  }

  private static FloatBuffer fit(FloatBuffer kept, int floats) {
    if (kept != null && kept.capacity() >= floats) {
      return kept;
    }
    return allocate(floats);
  }

  /** A new direct native-order buffer of {@code floats} values, as ONNX Runtime reads in place. */
  public static FloatBuffer allocate(int floats) {
    return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES))
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
