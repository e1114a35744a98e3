package dev.i2i.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The table {@code i2i bench stream} prints, and the CSV and PNG charts it writes. */
public final class BenchReport {
  private BenchReport() {}

  /**
   * Writes {@code bench-stream.csv}, {@code bench-stream.png} and (where CPU time can be read)
   * {@code bench-stream-cpu.png} into {@code dir}; returns the table.
   */
  public static String write(List<BenchRow> rows, Path dir) throws IOException {
    StringBuilder csv = new StringBuilder(BenchRow.CSV_HEADER).append('\n');
    StringBuilder table = new StringBuilder("\n").append(BenchRow.HEADER).append('\n');
    for (BenchRow r : rows) {
      csv.append(r.csv()).append('\n');
      table.append(r.line()).append('\n');
    }
    if (rows.stream().anyMatch(r -> !r.cpuLine().isEmpty())) {
      table.append("\nCPU ms per image (peak phase):\n").append(BenchRow.CPU_HEADER).append('\n');
      rows.forEach(r -> table.append(r.cpuLine()).append('\n'));
    }
    table.append("\nLatency at the steady rate, ms per request by stage:\n");
    table.append(BenchRow.LATENCY_HEADER).append('\n');
    rows.forEach(r -> table.append(r.latencyLine()).append('\n'));
    if (rows.stream().anyMatch(r -> !r.besideLines().isEmpty())) {
      table.append(
          "\nWhat ran beside the slowest 1 % at the steady rate, cores, while they were in flight"
              + " and over the whole phase:\n");
      table.append(BenchRow.BESIDE_HEADER).append('\n');
      rows.forEach(r -> table.append(r.besideLines()).append('\n'));
    }
    Path csvFile = dir.resolve("bench-stream.csv");
    Path png = dir.resolve("bench-stream.png");
    Files.writeString(csvFile, csv);
    BenchChart.write(rows, png);
    Path cpuPng = dir.resolve("bench-stream-cpu.png");
    String files =
        CpuChart.write(rows, cpuPng)
            ? csvFile + ", " + png + " and " + cpuPng
            : csvFile + " and " + png;
    table.append(
        String.format(
            "%n1call/s = ONNX Runtime alone, one call at a time on every core; call ms and ORT/s ="
                + " ONNX Runtime alone with the service's inference threads and batch;%nratio ="
                + " stream / ORT/s (target >= 0.85); p99/call = p99 latency at the steady rate"
                + " (half the peak unless --rate) / call ms (target <= 3);%nstage columns: mean"
                + " ms per image in the peak phase (stages of different images overlap); wall ="
                + " ms between two results."
                + "%nCPU: ORT = ONNX Runtime alone (as ORT/s); the stream's by thread: inference,"
                + " decoding, encoding, the stream thread (poll, forward, commit), producers, the"
                + "%nbench's own publishing and reading, the broker (with an embedded one; and"
                + " the process's other threads), jit (the JIT compilers), native (GC, other"
                + " native threads); beyond = total - ORT."
                + "%nLatency by stage, as each result reports it: queue = publish to decoding (broker,"
                + " poll, stream thread); rest = waits for an inference or encoding thread,"
                + "%nforwarding, the commit that makes the result visible, delivery to the"
                + " consumer; typical = the requests between the quartiles;%nrequests = how"
                + " many the latency phase timed (--latency-seconds); p99 95 %% = where the true"
                + " p99 lies with 95 %% confidence (NaN: too few requests to bound it);"
                + "%nJIT %% = the JIT compilers' time over the latency phase's (a p99 taken while"
                + " they still compile, which takes cores from inference, is a young service's)."
                + "%nBeside: this process's parts as above, native less the JIT's compilers (jit);"
                + " gc = the collectors' time (G1: pauses, not CPU); the rest of the machine:"
                + "%nother processes, steal (cores the hypervisor gave to other machines) and"
                + " idle. Slow requests with idle cores beside them were slowed from outside."
                + "%nwrote %s%n",
            files));
    return table.toString();
  }
}
