package dev.i2i.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.i2i.schemas.ModelContract;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generator served by ONNX Runtime: one long-lived session, checked against the {@link
 * ModelContract} when opened, safe to share between threads. Images of any size are padded to the
 * model's input multiple and cropped back after.
 */
public final class OnnxTranslator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxTranslator.class);

  /** Largest side tried when looking for the smallest input a model accepts. */
  private static final int MAX_PROBED_SIDE = 256;

  private final OrtSession session;
  private final int inputMultiple;
  private final int minSide;
  private final String provider;
  private final Map<Thread, OrtSession.RunOptions> running = new ConcurrentHashMap<>();

  private OnnxTranslator(OrtSession session, int inputMultiple, int minSide, String provider) {
    this.session = session;
    this.inputMultiple = inputMultiple;
    this.minSide = minSide;
    this.provider = provider;
  }

  /**
   * Opens a verified model folder. The bytes handed to ONNX Runtime are the ones whose sha256 was
   * checked against the card (the file is read once), and a model that keeps tensors in external
   * data files is refused: they would be neither hashed nor confined to the folder.
   *
   * @throws IOException when the file changed since it was verified, or uses external data
   */
  public static OnnxTranslator open(ModelFolder model, Device device)
      throws OrtException, IOException {
    return open(model, device, 0);
  }

  /**
   * Opens a verified model folder whose session runs each call on {@code intraOpThreads} threads
   * (0: ONNX Runtime's default, one per core). A service that runs several calls at once gives each
   * fewer threads: on a 2-core CPU, two one-thread calls side by side translate 35 images/s of
   * 256x256 where one two-thread call at a time gives 26.
   */
  public static OnnxTranslator open(ModelFolder model, Device device, int intraOpThreads)
      throws OrtException, IOException {
    byte[] bytes = model.verifiedOnnxBytes();
    OnnxTranslator t =
        open(
            bytes,
            model.onnxFile().toString(),
            model.card().inputMultiple(),
            device,
            intraOpThreads);
    Integer declared = model.card().minInputSize();
    if (declared == null || declared == t.minSide) {
      return t;
    }
    if (declared < t.minSide) {
      t.close();
      throw new IllegalArgumentException(
          model.onnxFile()
              + ": its card says the smallest input is "
              + declared
              + " pixels, but the model runs on nothing under "
              + t.minSide);
    }
    // The card asks for more than the model needs: follow the card.
    return new OnnxTranslator(t.session, t.inputMultiple, declared, t.provider);
  }

  /**
   * Opens an ONNX file and checks its signature against the contract.
   *
   * @throws IllegalArgumentException when the model does not fit the contract
   * @throws OrtException when ONNX Runtime cannot load it, or CUDA was asked for and cannot run
   */
  public static OnnxTranslator open(Path onnx, int inputMultiple, Device device)
      throws OrtException, IOException {
    return open(Files.readAllBytes(onnx), onnx.toString(), inputMultiple, device, 0);
  }

  private static OnnxTranslator open(
      byte[] bytes, String name, int inputMultiple, Device device, int intraOpThreads)
      throws OrtException, IOException {
    int external;
    try {
      external = OnnxRewriter.externalTensors(bytes);
    } catch (IllegalArgumentException e) {
      throw new OrtException(name + " is not an ONNX model: " + e.getMessage());
    }
    if (external > 0) {
      throw new IOException(
          name
              + " keeps "
              + external
              + " tensor(s) in external data files; a served model must be one self-contained"
              + " file (save it without external data)");
    }
    List<Provider> providers =
        switch (device) {
          case CPU -> List.of(Provider.CPU);
          case CUDA -> List.of(Provider.CUDA);
          case AUTO -> List.of(Provider.CUDA, Provider.CPU);
        };
    return openFirst(bytes, name, inputMultiple, intraOpThreads, providers);
  }

  /** A way to run a session: its name, and what it adds to the session options. */
  record Provider(String name, Setup setup) {
    interface Setup {
      void apply(OrtSession.SessionOptions options) throws OrtException;
    }

    static final Provider CPU = new Provider("CPU", o -> {});
    static final Provider CUDA =
        new Provider(
            "CUDA",
            o -> {
              CudaLibraries.preload(); // the build's own CUDA libraries, when it has them
              o.addCUDA(0);
            });
  }

  /**
   * Opens the model on the first provider that works: one whose session is created, fits the
   * contract and passes a test translation. A provider that fails at any of those steps (a library
   * missing, an operator it cannot run, a kernel for another GPU generation) hands over to the next
   * with one log line; the last one's failure is thrown.
   */
  static OnnxTranslator openFirst(
      byte[] bytes, String name, int inputMultiple, int intraOpThreads, List<Provider> providers)
      throws OrtException {
    for (int i = 0; ; i++) {
      Provider p = providers.get(i);
      boolean last = i == providers.size() - 1;
      try {
        return openOn(p, bytes, name, inputMultiple, intraOpThreads, !last);
      } catch (IllegalArgumentException e) {
        throw e; // the model does not fit the contract: no provider changes that
      } catch (OrtException | RuntimeException | LinkageError e) {
        if (last) {
          if (p == Provider.CUDA) {
            throw new OrtException(
                "CUDA was requested but cannot run here ("
                    + e.getMessage()
                    + "). ONNX Runtime's GPU build (the cuda profile) needs an NVIDIA driver and"
                    + " the CUDA 12 and cuDNN 9 libraries (libcudart.so.12, libcublas.so.12,"
                    + " libcublasLt.so.12, libcurand.so.10, libcufft.so.11, libcudnn.so.9): the"
                    + " cuda profile (-Pcuda) bundles them, or install them on the library path;"
                    + " "
                    + CudaLibraries.preload().describe()
                    + "; or use --device cpu|auto");
          }
          throw e instanceof OrtException o ? o : new OrtException(p.name() + ": " + e);
        }
        LOG.warn(
            "{} cannot run {} ({}{}); falling back to {}",
            p.name(),
            name,
            e.getMessage(),
            p == Provider.CUDA ? "; " + CudaLibraries.preload().describe() : "",
            providers.get(i + 1).name());
      }
    }
  }

  private static OnnxTranslator openOn(
      Provider provider,
      byte[] bytes,
      String name,
      int inputMultiple,
      int intraOpThreads,
      boolean tryRun)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      provider.setup().apply(options);
      OrtSession session = env.createSession(bytes, options);
      try {
        checkContract(session, name);
        int minSide = smallestSide(session, inputMultiple);
        OnnxTranslator t = new OnnxTranslator(session, inputMultiple, minSide, provider.name());
        if (tryRun) {
          t.warmUp(); // with a fallback left, prove the provider runs before choosing it
        }
        LOG.info(
            "loaded {} on ONNX Runtime {} provider (smallest input {}x{})",
            name,
            provider.name(),
            minSide,
            minSide);
        return t;
      } catch (IllegalArgumentException | OrtException | IllegalStateException e) {
        session.close();
        throw e;
      }
    }
  }

  /**
   * The smallest square side (a multiple of the input multiple) the network can run: reflection
   * padding needs feature maps larger than the pad, so a ResNet generator needs 8x8 where its input
   * multiple is 4. Found by running the model, so it holds for imported models too; smaller images
   * are padded up to it and cropped back.
   */
  private static int smallestSide(OrtSession session, int multiple) throws OrtException {
    OrtException last = null;
    try (OrtSession.RunOptions quiet = new OrtSession.RunOptions()) {
      // A too-small probe fails by design: keep ONNX Runtime from logging it as an error.
      quiet.setLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
      for (int side = multiple; side <= Math.max(MAX_PROBED_SIDE, multiple); side += multiple) {
        try {
          run(session, direct(new float[3 * side * side]), new long[] {1, 3, side, side}, quiet);
          return side;
        } catch (OrtException e) {
          last = e;
        }
      }
    }
    throw new OrtException(
        "the model runs on no input up to " + MAX_PROBED_SIDE + " pixels: " + last.getMessage());
  }

  private static void checkContract(OrtSession session, String onnx) throws OrtException {
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

  /** The smallest side the model runs on; smaller images are padded up to it. */
  public int minSide() {
    return minSide;
  }

  /**
   * Pixels of the tensor an image of this size becomes (padded to the input multiple and to the
   * smallest side): what a request costs, checked before any memory is spent on it.
   */
  public long workPixels(int width, int height) {
    return (long) paddedSide(width) * paddedSide(height);
  }

  /**
   * Stops the translation running on {@code worker}, if any: ONNX Runtime ends the run at its next
   * operator and {@link #translate} throws. For per-request deadlines.
   */
  public void cancel(Thread worker) {
    OrtSession.RunOptions r = running.get(worker);
    if (r != null) {
      try {
        r.setTerminate(true);
      } catch (OrtException e) {
        LOG.warn("cannot cancel a translation: {}", e.getMessage());
      } catch (IllegalStateException e) {
        // The call ended and closed its options meanwhile: nothing left to stop.
      }
    }
  }

  /** Runs the model on an NCHW batch; returns the output in the same layout. */
  public float[] run(float[] nchw, long[] shape) throws OrtException {
    return run(direct(nchw), shape);
  }

  private static FloatBuffer direct(float[] values) {
    FloatBuffer b = TensorBuffers.allocate(values.length);
    b.put(values).flip();
    return b;
  }

  /** Runs the model on a direct native-order NCHW buffer; {@link #cancel} can stop it. */
  public float[] run(FloatBuffer nchw, long[] shape) throws OrtException {
    Thread self = Thread.currentThread();
    try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
      running.put(self, options);
      try {
        return run(session, nchw, shape, options);
      } finally {
        running.remove(self); // before the options close: cancel() never sees closed ones
      }
    }
  }

  /**
   * Runs the model on a direct native-order NCHW buffer and has ONNX Runtime write the output
   * straight into {@code out} (direct, native order, as many values as the input): no copy either
   * way. {@link #cancel} can stop it.
   */
  public void run(FloatBuffer nchw, FloatBuffer out, long[] shape) throws OrtException {
    Thread self = Thread.currentThread();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.RunOptions options = new OrtSession.RunOptions();
        OnnxTensor tensor = OnnxTensor.createTensor(env, nchw, shape);
        OnnxTensor pinned = OnnxTensor.createTensor(env, out, shape)) {
      running.put(self, options);
      try {
        session
            .run(
                Map.of(ModelContract.INPUT, tensor),
                Set.of(), // nothing for ONNX Runtime to allocate
                Map.of(ModelContract.OUTPUT, pinned),
                options)
            .close(); // the result does not own the pinned output
      } finally {
        running.remove(self); // before the options close: cancel() never sees closed ones
      }
    }
  }

  private static float[] run(
      OrtSession session, FloatBuffer nchw, long[] shape, OrtSession.RunOptions options)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, nchw, shape);
        OrtSession.Result result =
            options == null
                ? session.run(Map.of(ModelContract.INPUT, tensor))
                : session.run(Map.of(ModelContract.INPUT, tensor), options)) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      FloatBuffer buffer = out.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }

  /** Translates one image, keeping its size. */
  public BufferedImage translate(BufferedImage image) throws OrtException {
    return translateAll(List.of(image)).get(0);
  }

  /**
   * Translates images of one size in a single inference call (a batch), keeping their size. On a
   * CPU a batch runs no faster per image than single calls; on a GPU it does.
   *
   * @throws IllegalArgumentException when the images differ in size or the batch is too large
   */
  public List<BufferedImage> translateAll(List<BufferedImage> images) throws OrtException {
    int n = images.size();
    int w = images.get(0).getWidth();
    int h = images.get(0).getHeight();
    for (BufferedImage image : images) {
      if (image.getWidth() != w || image.getHeight() != h) {
        throw new IllegalArgumentException(
            "a batch takes images of one size: "
                + w
                + "x"
                + h
                + " and "
                + image.getWidth()
                + "x"
                + image.getHeight());
      }
    }
    int pw = paddedSide(w);
    int ph = paddedSide(h);
    int plane = 3 * pw * ph;
    long bytes = (long) n * plane * Float.BYTES;
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          n + " x " + w + "x" + h + " is too large for one tensor (" + bytes + " bytes padded)");
    }
    int floats = n * plane;
    TensorBuffers buffers = TensorBuffers.forThisThread();
    FloatBuffer input = buffers.input(floats);
    for (BufferedImage image : images) {
      if (pw == w && ph == h) {
        ImageTensors.toChw(image, input); // straight into the native buffer: no padding needed
      } else {
        Padding.replicate(ImageTensors.toChw(image), w, h, input.slice(), pw, ph);
        input.position(input.position() + plane);
      }
    }
    input.rewind();
    FloatBuffer out = buffers.output(floats);
    run(input, out, new long[] {n, 3, ph, pw});
    List<BufferedImage> translated = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.position(i * plane);
      if (pw == w && ph == h) {
        translated.add(ImageTensors.fromChw(out, w, h)); // straight from the native buffer
      } else {
        float[] one = new float[plane];
        out.get(one);
        translated.add(ImageTensors.fromChw(Padding.crop(one, pw, ph, w, h), w, h));
      }
    }
    return translated;
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
    // Not square, and one input multiple over the smallest size: a card whose input multiple is
    // smaller than the network's really is fails here, not on users' images.
    int h = paddedSide(32);
    int w = h + inputMultiple;
    int n = 3 * w * h;
    float[] input = new float[n];
    for (int i = 0; i < n; i++) {
      input[i] = (float) Math.sin(i * 0.37); // varied values, deterministic
    }
    long t0 = System.nanoTime();
    float[] out;
    try {
      out = run(input, new long[] {1, 3, h, w});
    } catch (OrtException e) {
      throw new OrtException(
          "test translation of a 1x3x"
              + h
              + "x"
              + w
              + " input failed (is the card's inputMultiple "
              + inputMultiple
              + " right?): "
              + e.getMessage());
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    if (out.length != n) {
      throw new IllegalStateException(
          "test translation of a 1x3x"
              + h
              + "x"
              + w
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

  private int paddedSide(int side) {
    return Math.max(roundUp(side), minSide);
  }

  private int roundUp(int side) {
    return (side + inputMultiple - 1) / inputMultiple * inputMultiple;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
