package dev.i2i.demo.bench;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ImageTensors;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.runtime.TensorBuffers;
import dev.i2i.runtime.Tiling;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The limit a stream can reach: ONNX Runtime alone running the model on the request's tensor, with
 * the threads the service uses ({@code parallel} calls side by side on one session, each on {@code
 * intraOpThreads} threads) and nothing else in the loop.
 *
 * @param medianMs median time of one inference call
 * @param imagesPerSecond images translated per second, all calls together
 * @param cpuMs the process's CPU time per image while it ran, milliseconds (NaN where the JVM
 *     cannot tell)
 */
public record Ceiling(double medianMs, double imagesPerSecond, double cpuMs) {
  /**
   * Runs the model for about {@code seconds} (after a warm-up) on batches of {@code batch} copies
   * of the image, which must already be a size the model takes.
   */
  public static Ceiling measure(
      ModelFolder model,
      Device device,
      BufferedImage image,
      int batch,
      int parallel,
      int intraOpThreads,
      Tiling tiling,
      double seconds)
      throws Exception {
    int w = image.getWidth();
    int h = image.getHeight();
    long[] shape = {batch, 3, h, w};
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    long cpuBefore = CpuUse.processNanos();
    try (OnnxTranslator onnx = OnnxTranslator.open(model, device, intraOpThreads)) {
      List<Future<double[]>> runs = new ArrayList<>();
      for (int p = 0; p < parallel; p++) {
        Call call =
            tiling.tiles(w, h)
                ? () -> tiling.translate(image, onnx::translate)
                : runOn(onnx, tensor(image, batch), shape);
        runs.add(pool.submit(() -> timeCalls(call, seconds)));
      }
      List<Double> all = new ArrayList<>();
      double rate = 0;
      for (Future<double[]> f : runs) {
        double[] ms = f.get();
        rate += batch * ms.length / (Arrays.stream(ms).sum() / 1e3);
        Arrays.stream(ms).forEach(all::add);
      }
      // Every call, the warm-up ones too (one per side-by-side caller).
      double images = (double) batch * (all.size() + parallel);
      double cpuMs = (CpuUse.processNanos() - cpuBefore) / 1e6 / images;
      all.sort(null);
      return new Ceiling(all.get(all.size() / 2), rate, cpuBefore < 0 ? Double.NaN : cpuMs);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The mean of two measurements of the same setting (taken before and after another phase). */
  public static Ceiling mean(Ceiling a, Ceiling b) {
    return new Ceiling(
        (a.medianMs + b.medianMs) / 2,
        (a.imagesPerSecond + b.imagesPerSecond) / 2,
        (a.cpuMs + b.cpuMs) / 2);
  }

  private static FloatBuffer tensor(BufferedImage image, int batch) {
    int plane = 3 * image.getWidth() * image.getHeight();
    FloatBuffer input = TensorBuffers.allocate(batch * plane);
    for (int i = 0; i < batch; i++) {
      ImageTensors.toChw(image, input);
    }
    return input;
  }

  /** One timed call. */
  private interface Call {
    void run() throws Exception;
  }

  /** Calls as the service makes them: the output written in place into a buffer of its own. */
  private static Call runOn(OnnxTranslator onnx, FloatBuffer input, long[] shape) {
    FloatBuffer output = TensorBuffers.allocate(input.capacity());
    return () -> onnx.run(input.rewind(), output.clear(), shape);
  }

  /** Milliseconds of each call, for about {@code seconds} after a warm-up call. */
  private static double[] timeCalls(Call call, double seconds) throws Exception {
    call.run();
    double[] ms = new double[64];
    int n = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end || n < 2) {
      long s = System.nanoTime();
      call.run();
      if (n == ms.length) {
        ms = Arrays.copyOf(ms, 2 * n);
      }
      ms[n++] = (System.nanoTime() - s) / 1e6;
    }
    return Arrays.copyOf(ms, n);
  }
}
