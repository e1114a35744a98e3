package dev.i2i.demo.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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

  /** The header of {@link #cpuLine}. */
  public static final String CPU_HEADER = cpuHeader();

  private static String cpuHeader() {
    StringBuilder h =
        new StringBuilder(String.format("%5s %3s %3s | %7s |", "size", "thr", "bat", "ORT"));
    for (CpuUse.Part p : CpuUse.Part.values()) {
      h.append(String.format(" %7s", p.column));
    }
    return h.append(String.format(" | %7s %7s", "total", "beyond")).toString();
  }

  /**
   * CPU milliseconds per image: ONNX Runtime alone, then the stream's in the peak phase by part,
   * their total, and how much that is beyond ONNX Runtime alone; empty where the JVM cannot tell.
   */
  public String cpuLine() {
    Map<CpuUse.Part, Double> cpu = stream.stages().cpu();
    if (cpu == null) {
      return "";
    }
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT, "%5d %3d %3d | %7.1f |", size, threads, batch, ceiling.cpuMs()));
    for (CpuUse.Part p : CpuUse.Part.values()) {
      line.append(String.format(Locale.ROOT, " %7.1f", cpu.get(p)));
    }
    double total = CpuUse.total(cpu);
    return line.append(String.format(Locale.ROOT, " | %7.1f %7.1f", total, total - ceiling.cpuMs()))
        .toString();
  }

  /** The header of {@link #latencyLine}. */
  public static final String LATENCY_HEADER =
      String.format(
          "%5s %3s %3s | %-38s | %-38s | %8s %-17s %5s",
          "size",
          "thr",
          "bat",
          "typical: queue decode  infer encode   rest",
          "slowest 1 %: queue decode infer encode rest",
          "requests",
          "p99 95 %: from  to",
          "JIT %");

  /**
   * Where the latency at the steady rate went, mean ms per request by stage: the typical requests
   * (between the quartiles), then the slowest 1 %; then how many requests the phase timed and the
   * 95 % confidence interval of its p99 (NaN at an end no request bounds: too few requests); and
   * the JIT compilers' share of the phase's time.
   */
  public String latencyLine() {
    StreamBench.Latency l = stream.latency();
    return String.format(
        Locale.ROOT,
        "%5d %3d %3d | %s | %s | %8d %9.0f %7.0f %5.1f",
        size,
        threads,
        batch,
        parts(l.typical()),
        parts(l.slowest()),
        l.count(),
        l.p99Low(),
        l.p99High(),
        100 * stream.latencyJit());
  }

  /** The header of {@link #besideLines}. */
  public static final String BESIDE_HEADER = besideHeader();

  private static String besideHeader() {
    StringBuilder h =
        new StringBuilder(String.format("%5s %3s %3s %-8s|", "size", "thr", "bat", ""));
    for (String column : CpuTimeline.COLUMNS) {
      h.append(String.format(" %7s", column));
    }
    return h.toString();
  }

  /**
   * Cores by use while the slowest 1 % of the latency phase were in flight, then over the whole
   * phase (two lines); empty where the JVM cannot tell.
   */
  public String besideLines() {
    StreamBench.Beside b = stream.beside();
    if (b == null) {
      return "";
    }
    return besideLine("slowest", b.slowest()) + "\n" + besideLine("phase", b.phase());
  }

  private String besideLine(String label, double[] cores) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "%5d %3d %3d %-8s|", size, threads, batch, label));
    for (double c : cores) {
      // Other processes are the machine's busy ticks less this process's CPU: a few hundredths
      // below zero are the ticks' 10 ms grain.
      line.append(String.format(Locale.ROOT, " %7.2f", Math.max(0, c)));
    }
    return line.toString();
  }

  private static String parts(StreamBench.Parts p) {
    return String.format(
        Locale.ROOT,
        "%14.1f %6.1f %6.1f %6.1f %6.1f",
        p.queue(),
        p.decode(),
        p.inference(),
        p.encode(),
        p.rest());
  }

  static final String CSV_HEADER =
      "size,threads,batch,one_call_per_s,call_ms,ceiling_per_s,stream_per_s,ratio,rate_per_s,"
          + "p50_ms,p95_ms,p99_ms,max_ms,p99_over_call,"
          + "decode_ms,inference_in_stream_ms,encode_ms,commit_ms,wall_ms,peak_mb,"
          + "cpu_ms_ort_alone,"
          + Arrays.stream(CpuUse.Part.values())
              .map(p -> "cpu_ms_" + p.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(","))
          + ",cpu_ms_total,cpu_ms_beyond_ort,"
          + "typical_queue_ms,typical_decode_ms,typical_inference_ms,typical_encode_ms,"
          + "typical_rest_ms,slowest_queue_ms,slowest_decode_ms,slowest_inference_ms,"
          + "slowest_encode_ms,slowest_rest_ms,latency_requests,p99_low_ms,p99_high_ms,latency_jit_percent,"
          + besideColumns("beside_slowest_")
          + ","
          + besideColumns("beside_phase_");

  private static String besideColumns(String prefix) {
    return CpuTimeline.COLUMNS.stream()
        .map(c -> prefix + c + "_cores")
        .collect(Collectors.joining(","));
  }

  String csv() {
    String cpu =
        cpuLine().isEmpty()
            ? " NaN".repeat(CpuUse.Part.values().length + 3) // the CPU columns, unknown
            : cpuLine().substring(cpuLine().indexOf('|') + 1);
    String latency = latencyLine().substring(latencyLine().indexOf('|') + 1);
    String beside =
        besideLines().isEmpty()
            ? " NaN".repeat(2 * CpuTimeline.COLUMNS.size())
            : besideLines()
                .lines()
                .map(l -> l.substring(l.indexOf('|') + 1))
                .collect(Collectors.joining(" "));
    return (line() + " " + cpu + " " + latency + " " + beside)
        .replace("|", " ")
        .trim()
        .replaceAll("\\s+", ",");
  }
}
