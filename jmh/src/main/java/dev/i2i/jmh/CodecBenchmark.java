package dev.i2i.jmh;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ImageTensors;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.runtime.TensorBuffers;
import dev.i2i.runtime.image.ImageDecoder;
import dev.i2i.runtime.image.ImageEncoder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The serving hot path's image stages on a sample image resized to {@code size}: decode (PNG bytes
 * to the model's CHW tensor) and encode (the model's output tensor to PNG or JPEG bytes). Run from
 * the repository root with {@code ./i2i bench jmh} (JMH options after it, e.g. {@code -p
 * size=512}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
  @Param({"256"})
  public int size;

  @Param({"samples/summer-7-256x256.png"})
  public String image;

  @Param({"models/summer2winter/1"})
  public String model;

  private byte[] png;
  private FloatBuffer tensor;
  private float[] output;
  private final ImageDecoder decoder = new ImageDecoder(64L << 20);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    BufferedImage source = decoder.decode(Files.readAllBytes(Path.of(image))).image();
    BufferedImage img = ImageTensors.resize(source, size, size);
    png = ImageEncoder.PNG.encode(img);
    int plane = 3 * size * size;
    tensor = TensorBuffers.allocate(plane);
    ImageTensors.toChw(img, tensor);
    // The model's real output: encoding cost depends on the pixels (a translation is noisier, so
    // larger as PNG, than the smooth sample).
    try (OnnxTranslator onnx = OnnxTranslator.open(ModelFolder.open(Path.of(model)), Device.CPU)) {
      output = onnx.run(tensor.rewind(), new long[] {1, 3, size, size});
    }
  }

  /** PNG bytes to the CHW tensor the model takes (one image, whatever {@code batch} says). */
  @Benchmark
  public FloatBuffer decodeToTensor() throws Exception {
    BufferedImage img = decoder.decode(png).image();
    FloatBuffer out = tensor.duplicate().rewind();
    ImageTensors.toChw(img, out);
    return out;
  }

  /** The model's output tensor to PNG bytes (one image). */
  @Benchmark
  public byte[] tensorToPng() {
    return ImageEncoder.PNG.encode(ImageTensors.fromChw(output, size, size));
  }

  /** The model's output tensor to JPEG bytes (one image). */
  @Benchmark
  public byte[] tensorToJpeg() {
    return ImageEncoder.JPEG.encode(ImageTensors.fromChw(output, size, size));
  }
}
