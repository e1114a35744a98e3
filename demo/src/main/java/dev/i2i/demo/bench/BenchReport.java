package dev.i2i.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The table {@code i2i bench stream} prints, and the CSV and PNG chart it writes. */
public final class BenchReport {
  private BenchReport() {}

  /**
   * Writes {@code bench-stream.csv} and {@code bench-stream.png} into {@code dir}; returns the
   * table.
   */
  public static String write(List<BenchRow> rows, Path dir) throws IOException {
    StringBuilder csv = new StringBuilder(BenchRow.CSV_HEADER).append('\n');
    StringBuilder table = new StringBuilder("\n").append(BenchRow.HEADER).append('\n');
    for (BenchRow r : rows) {
      csv.append(r.csv()).append('\n');
      table.append(r.line()).append('\n');
    }
    Path csvFile = dir.resolve("bench-stream.csv");
    Path png = dir.resolve("bench-stream.png");
    Files.writeString(csvFile, csv);
    BenchChart.write(rows, png);
    table.append(
        String.format(
            "%n1call/s = ONNX Runtime alone, one call at a time on every core; call ms and ORT/s ="
                + " ONNX Runtime alone with the service's inference threads and batch;%nratio ="
                + " stream / ORT/s (target >= 0.85); p99/call = p99 latency at the steady rate"
                + " (half the peak unless --rate) / call ms (target <= 3);%nstage columns: mean"
                + " ms per image in the peak phase (stages of different images overlap); wall ="
                + " ms between two results."
                + "%nwrote %s and %s%n",
            csvFile, png));
    return table.toString();
  }
}
