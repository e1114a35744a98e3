package dev.i2i.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.i2i.schemas.ModelContract;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generator served by ONNX Runtime: one long-lived session, checked against the {@link
 * ModelContract} when opened, safe to share between threads. Images of any size are padded to the
 * model's input multiple and cropped back after.
 */
public final class OnnxTranslator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxTranslator.class);

  private final OrtSession session;
  private final int inputMultiple;
  private final String provider;

  private OnnxTranslator(OrtSession session, int inputMultiple, String provider) {
    this.session = session;
    this.inputMultiple = inputMultiple;
    this.provider = provider;
  }

  /** Opens a verified model folder. */
  public static OnnxTranslator open(ModelFolder model, Device device) throws OrtException {
    return open(model.onnxFile(), model.card().inputMultiple(), device);
  }

  /**
   * Opens an ONNX file and checks its signature against the contract.
   *
   * @throws IllegalArgumentException when the model does not fit the contract
   * @throws OrtException when ONNX Runtime cannot load it, or CUDA was asked for and cannot run
   */
  public static OnnxTranslator open(Path onnx, int inputMultiple, Device device)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      String provider = selectProvider(options, device);
      OrtSession session = env.createSession(onnx.toString(), options);
      try {
        checkContract(session, onnx);
      } catch (IllegalArgumentException | OrtException e) {
        session.close();
        throw e;
      }
      LOG.info("loaded {} on ONNX Runtime {} provider", onnx, provider);
      return new OnnxTranslator(session, inputMultiple, provider);
    }
  }

  private static String selectProvider(OrtSession.SessionOptions options, Device device)
      throws OrtException {
    if (device == Device.CPU) {
      return "CPU";
    }
    try {
      options.addCUDA(0);
      return "CUDA";
    } catch (OrtException | RuntimeException | LinkageError e) {
      if (device == Device.CUDA) {
        throw new OrtException(
            "CUDA was requested but cannot run here ("
                + e.getMessage()
                + "); build with -Pcuda on a machine with an NVIDIA GPU, or use --device cpu|auto");
      }
      LOG.warn("CUDA is not available ({}); falling back to CPU", e.getMessage());
      return "CPU";
    }
  }

  private static void checkContract(OrtSession session, Path onnx) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    List<String> problems =
        ModelContract.checkSignature(
            new ArrayList<>(inputs.keySet()),
            shapeOf(inputs.values()),
            typeOf(inputs.values()),
            new ArrayList<>(outputs.keySet()),
            shapeOf(outputs.values()),
            typeOf(outputs.values()));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          onnx + " does not fit the model contract: " + String.join("; ", problems));
    }
  }

  private static long[] shapeOf(java.util.Collection<NodeInfo> nodes) {
    if (nodes.size() != 1 || !(nodes.iterator().next().getInfo() instanceof TensorInfo t)) {
      return null;
    }
    return t.getShape();
  }

  private static String typeOf(java.util.Collection<NodeInfo> nodes) {
    if (nodes.size() != 1 || !(nodes.iterator().next().getInfo() instanceof TensorInfo t)) {
      return null;
    }
    return t.type.name();
  }

  /** The execution provider that runs this session: CPU or CUDA. */
  public String provider() {
    return provider;
  }

  public int inputMultiple() {
    return inputMultiple;
  }

  /** Runs the model on an NCHW batch; returns the output in the same layout. */
  public float[] run(float[] nchw, long[] shape) throws OrtException {
    FloatBuffer input =
        ByteBuffer.allocateDirect(nchw.length * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    input.put(nchw).flip();
    return run(input, shape);
  }

  /** Runs the model on a direct native-order NCHW buffer. */
  public float[] run(FloatBuffer nchw, long[] shape) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, nchw, shape);
        OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, tensor))) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      FloatBuffer buffer = out.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }

  /** Translates one image, keeping its size. */
  public BufferedImage translate(BufferedImage image) throws OrtException {
    int w = image.getWidth();
    int h = image.getHeight();
    int pw = roundUp(w);
    int ph = roundUp(h);
    FloatBuffer input =
        ByteBuffer.allocateDirect(3 * pw * ph * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    if (pw == w && ph == h) {
      ImageTensors.toChw(image, input); // straight into the native buffer: no padding needed
    } else {
      Padding.replicate(ImageTensors.toChw(image), w, h, input, pw, ph);
    }
    input.rewind();
    float[] out = run(input, new long[] {1, 3, ph, pw});
    return ImageTensors.fromChw(Padding.crop(out, pw, ph, w, h), w, h);
  }

  /**
   * Runs a test translation and checks what comes back: the input's shape, finite values inside the
   * contract's [-1,1] range. A model that passes the contract check can still fail here (a wrong
   * internal shape, an operator the provider cannot run, NaN weights).
   *
   * @return milliseconds the test translation took
   * @throws IllegalStateException naming what is wrong
   */
  public double warmUp() throws OrtException {
    int side = roundUp(32);
    int n = 3 * side * side;
    float[] input = new float[n];
    for (int i = 0; i < n; i++) {
      input[i] = (float) Math.sin(i * 0.37); // varied values, deterministic
    }
    long t0 = System.nanoTime();
    float[] out = run(input, new long[] {1, 3, side, side});
    double ms = (System.nanoTime() - t0) / 1e6;
    if (out.length != n) {
      throw new IllegalStateException(
          "test translation of a 1x3x"
              + side
              + "x"
              + side
              + " input returned "
              + out.length
              + " values, expected "
              + n);
    }
    for (float v : out) {
      if (!Float.isFinite(v) || Math.abs(v) > 1.0001f) {
        throw new IllegalStateException(
            "test translation returned " + v + ", outside the contract's range [-1,1]");
      }
    }
    return ms;
  }

  private int roundUp(int side) {
    return (side + inputMultiple - 1) / inputMultiple * inputMultiple;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
