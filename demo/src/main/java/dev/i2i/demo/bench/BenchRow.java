package dev.i2i.demo.bench;

import java.util.Locale;

/**
 * One configuration of {@code i2i bench stream} and what it measured.
 *
 * @param size image side in pixels
 * @param threads stream threads
 * @param batch largest micro-batch
 * @param reference ONNX Runtime alone, one call at a time on every core, batch 1
 * @param ceiling ONNX Runtime alone on the same tensor with the service's threads and batch
 * @param stream the service end to end
 * @param peakMb the process's peak resident memory during the stream phase (broker included), or -1
 *     where it cannot be measured
 */
public record BenchRow(
    int size,
    int threads,
    int batch,
    Ceiling reference,
    Ceiling ceiling,
    StreamBench.Measured stream,
    long peakMb) {
  /** Stream throughput over the ceiling measured in the same run. */
  public double ratio() {
    return stream.peak() / ceiling.imagesPerSecond();
  }

  /**
   * p99 latency at the steady rate over the time of one image's inference as the service runs it
   * (one call, or a batch call's share per image).
   */
  public double p99OverInference() {
    return stream.latency().p99() / (ceiling.medianMs() / batch);
  }

  private static final String[] COLUMNS = {
    "size",
    "thr",
    "bat",
    "1call/s",
    "call ms",
    "ORT/s",
    "stream/s",
    "ratio",
    "rate/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "p99/call",
    "decode",
    "infer",
    "encode",
    "commit",
    "wall",
    "peak MB"
  };

  public static final String HEADER =
      String.format(
          "%5s %3s %3s | %7s %7s %7s %8s %5s | %6s %6s %6s %6s %6s %8s | %6s %6s %6s %6s %6s | %7s",
          (Object[]) COLUMNS);

  public String line() {
    StreamBench.Stages s = stream.stages();
    StreamBench.Latency l = stream.latency();
    return String.format(
        Locale.ROOT,
        "%5d %3d %3d | %7.2f %7.1f %7.2f %8.2f %5.2f | %6.2f %6.0f %6.0f %6.0f %6.0f %8.1f |"
            + " %6.1f %6.1f %6.1f %6.1f %6.1f | %7d",
        size,
        threads,
        batch,
        reference.imagesPerSecond(),
        ceiling.medianMs(),
        ceiling.imagesPerSecond(),
        stream.peak(),
        ratio(),
        stream.rate(),
        l.p50(),
        l.p95(),
        l.p99(),
        l.max(),
        p99OverInference(),
        s.decode(),
        s.inference(),
        s.encode(),
        s.commit(),
        s.wall(),
        peakMb);
  }

  static final String CSV_HEADER =
      "size,threads,batch,one_call_per_s,call_ms,ceiling_per_s,stream_per_s,ratio,rate_per_s,"
          + "p50_ms,p95_ms,p99_ms,max_ms,p99_over_call,"
          + "decode_ms,inference_in_stream_ms,encode_ms,commit_ms,wall_ms,peak_mb";

  String csv() {
    return line().replace("|", " ").trim().replaceAll("\\s+", ",");
  }
}
