package dev.i2i.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code i2i bench stream} at a tiny size: it runs end to end and writes its table, CSV and chart.
 */
class BenchStreamCommandIT {
  @TempDir Path tmp;

  @Test
  void aTinyBenchPrintsOneRowPerConfigurationAndWritesCsvAndChart() throws Exception {
    Path out = tmp.resolve("bench");
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    System.setErr(new PrintStream(progress, true));
    int code;
    try {
      code =
          DemoMain.commandLine()
              .execute(
                  "bench",
                  "stream",
                  "--models-root",
                  "../models",
                  "--image",
                  "../samples/summer-7-256x256.png",
                  "--sizes",
                  "32,48",
                  "--seconds",
                  "0.3",
                  "--latency-seconds",
                  "0.5",
                  "--warm-up",
                  "0",
                  "--out",
                  out.toString(),
                  "--work-dir",
                  tmp.resolve("work").toString());
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    String table = captured.toString();
    System.out.println(table);
    System.err.println(progress);
    // Three peak phases per size, each between two measurements of ONNX Runtime alone; the one
    // with the median ratio is what the row reports.
    Matcher around =
        Pattern.compile(
                "ONNX Runtime alone around peak (\\d)/3: ([0-9.]+) images/s before, ([0-9.]+)"
                    + " after; the stream: [0-9.]+, ([0-9.]+) of their mean")
            .matcher(progress.toString());
    Matcher medians = Pattern.compile("the median round: (\\d)").matcher(progress.toString());
    List<Double> ceilings = new ArrayList<>();
    List<double[]> rounds = new ArrayList<>();
    while (around.find()) {
      rounds.add(
          new double[] {
            (Double.parseDouble(around.group(2)) + Double.parseDouble(around.group(3))) / 2,
            Double.parseDouble(around.group(4))
          });
      if (around.group(1).equals("3")) {
        assertTrue(medians.find(), "the median round is named: " + progress);
        double[] chosen = rounds.get(Integer.parseInt(medians.group(1)) - 1);
        long below = rounds.stream().filter(r -> r[1] < chosen[1]).count();
        long above = rounds.stream().filter(r -> r[1] > chosen[1]).count();
        assertTrue(below <= 1 && above <= 1, "the median of three ratios: " + progress);
        ceilings.add(chosen[0]);
        rounds.clear();
      }
    }
    assertEquals(2, ceilings.size(), "three rounds per size: " + progress);
    assertEquals(0, code);
    List<String> csv = Files.readAllLines(out.resolve("bench-stream.csv"));
    assertEquals(3, csv.size(), "a header and one row per size: " + csv);
    String[] header = csv.get(0).split(",");
    for (String row : csv.subList(1, 3)) {
      String[] v = row.split(",");
      assertEquals(header.length, v.length, row);
      double ceiling = Double.parseDouble(v[List.of(header).indexOf("ceiling_per_s")]);
      double stream = Double.parseDouble(v[List.of(header).indexOf("stream_per_s")]);
      double p99 = Double.parseDouble(v[List.of(header).indexOf("p99_ms")]);
      assertTrue(ceiling > 0 && stream > 0 && p99 > 0, row);
      assertEquals(ceilings.remove(0), ceiling, 0.011, "the median round's two, averaged: " + row);
      double inference = Double.parseDouble(v[List.of(header).indexOf("cpu_ms_inference")]);
      double total = Double.parseDouble(v[List.of(header).indexOf("cpu_ms_total")]);
      assertTrue(inference > 0 && total > inference, "CPU by part: " + row);
      double typicalInference =
          Double.parseDouble(v[List.of(header).indexOf("typical_inference_ms")]);
      double typical = 0;
      double slowest = 0;
      for (String part : List.of("queue", "decode", "inference", "encode", "rest")) {
        typical += Double.parseDouble(v[List.of(header).indexOf("typical_" + part + "_ms")]);
        slowest += Double.parseDouble(v[List.of(header).indexOf("slowest_" + part + "_ms")]);
      }
      assertTrue(typicalInference > 0, "the service's own inference time: " + row);
      // The parts add up to the groups' mean latencies: the slowest 1 % are at p99 or above.
      assertTrue(slowest >= p99 - 0.5 && slowest >= typical, "latency by stage: " + row);
      // A phase of a few requests cannot bound its p99 from above, and says so.
      int requests = Integer.parseInt(v[List.of(header).indexOf("latency_requests")]);
      double high = Double.parseDouble(v[List.of(header).indexOf("p99_high_ms")]);
      assertTrue(requests >= 4, "at least the least count: " + row);
      assertTrue(Double.isNaN(high), "under 368 requests none bounds p99 from above: " + row);
      // HotSpot times its compilers: the phase's share of them is known, and no negative time.
      double jit = Double.parseDouble(v[List.of(header).indexOf("latency_jit_percent")]);
      assertTrue(jit >= 0, "the JIT's share of the latency phase: " + row);
      // What ran beside the slowest requests: inference ran while they were in flight, and the
      // whole phase's cores add up to the machine's (busy here, busy elsewhere, stolen or idle).
      double besideInference =
          Double.parseDouble(v[List.of(header).indexOf("beside_slowest_infer_cores")]);
      assertTrue(besideInference > 0, "inference beside the slowest: " + row);
      double machine = 0;
      for (int i = 0; i < header.length; i++) {
        if (header[i].startsWith("beside_phase_") && !header[i].equals("beside_phase_gc_cores")) {
          machine += Double.parseDouble(v[i]); // gc is the collectors' time, not CPU
        }
      }
      int cores = Runtime.getRuntime().availableProcessors();
      assertTrue(machine > 0.5 * cores && machine < 1.5 * cores, "the machine's cores: " + row);
    }
    assertTrue(table.contains("ratio"), table);
    assertTrue(table.contains("CPU ms per image"), table);
    assertTrue(table.contains("Latency at the steady rate, ms per request by stage"), table);
    assertTrue(table.contains("What ran beside the slowest 1 %"), table);
    assertTrue(ImageIO.read(out.resolve("bench-stream.png").toFile()).getWidth() > 0);
    assertTrue(ImageIO.read(out.resolve("bench-stream-cpu.png").toFile()).getWidth() > 0);
  }

  @Test
  void aBadSizeIsRefusedWithWhatIsAllowed() {
    StringWriter err = new StringWriter();
    int code =
        DemoMain.commandLine()
            .setErr(new PrintWriter(err))
            .execute("bench", "stream", "--sizes", "0", "--models-root", "../models");
    assertTrue(code != 0);
    assertTrue(err.toString().contains("positive"), err.toString());
  }
}
