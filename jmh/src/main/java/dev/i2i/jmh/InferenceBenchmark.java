package dev.i2i.jmh;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ImageTensors;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.runtime.TensorBuffers;
import dev.i2i.runtime.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ONNX Runtime inference of the bundled model on {@code batch} copies of a sample image resized to
 * {@code size}, one call on every core ({@code intraOpThreads} 0) or on one thread (1, as each of
 * the service's two inference threads runs). Divide by {@code batch} for the time per image. Run
 * from the repository root with {@code ./i2i bench jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceBenchmark {
  @Param({"256"})
  public int size;

  @Param({"1", "8"})
  public int batch;

  @Param({"0", "1"})
  public int intraOpThreads;

  @Param({"models/summer2winter/1"})
  public String model;

  @Param({"samples/summer-7-256x256.png"})
  public String image;

  private FloatBuffer tensor;
  private FloatBuffer output;
  private OnnxTranslator onnx;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    BufferedImage source =
        new ImageDecoder(64L << 20).decode(Files.readAllBytes(Path.of(image))).image();
    BufferedImage img = ImageTensors.resize(source, size, size);
    tensor = TensorBuffers.allocate(batch * 3 * size * size);
    output = TensorBuffers.allocate(batch * 3 * size * size);
    for (int i = 0; i < batch; i++) {
      ImageTensors.toChw(img, tensor);
    }
    onnx = OnnxTranslator.open(ModelFolder.open(Path.of(model)), Device.CPU, intraOpThreads);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    onnx.close();
  }

  /**
   * One inference call on {@code batch} images, the output written in place as the service does.
   */
  @Benchmark
  public FloatBuffer inference() throws Exception {
    onnx.run(tensor.rewind(), output.clear(), new long[] {batch, 3, size, size});
    return output;
  }
}
