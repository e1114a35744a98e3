package dev.i2i.demo;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.cli.DeviceOption;
import dev.i2i.cli.Installation;
import dev.i2i.demo.bench.BenchReport;
import dev.i2i.demo.bench.BenchRow;
import dev.i2i.demo.bench.Ceiling;
import dev.i2i.demo.bench.StreamBench;
import dev.i2i.runtime.FileTrees;
import dev.i2i.runtime.ImageTensors;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.ResidentMemory;
import dev.i2i.runtime.image.ImageDecoder;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.cli.ModelsRootOption;
import dev.i2i.streamer.cli.ProcessingOptions;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.web.HttpSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code i2i bench stream}: the serving benchmark. For each configuration: ONNX Runtime alone on
 * the request's tensor (the ceiling), then the service end to end on a real broker: the peak rate,
 * where each image's time goes, and latency percentiles at a steady rate.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Measure the stream against ONNX Runtime alone: peak images/s, the ratio, latency"
            + " p50/p95/p99 at a steady rate, time per stage. Prints a table, writes CSV and a"
            + " PNG chart.")
final class BenchStreamCommand implements Callable<Integer> {
  @Mixin ModelsRootOption modelsRoot;
  @Mixin DeviceOption device;
  @Mixin ProcessingOptions processing;

  @Option(
      names = "--use-model",
      defaultValue = "summer2winter",
      description = "Model to measure (${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--image",
      defaultValue = "samples/summer-7-256x256.png",
      description = "Image sent in every request, resized to each size (${DEFAULT-VALUE}).")
  Path image;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "256",
      description = "Square image sides (${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1",
      description = "Stream thread counts (${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(
      names = "--batch-sizes",
      split = ",",
      defaultValue = "1",
      description = "Largest micro-batches (${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(
      names = "--sweep",
      description =
          "Sizes 128,256,512,1024 at 1 thread and batch 1, then 2 threads and batches 4 and 8"
              + " at 256 (replaces --sizes/--threads/--batch-sizes).")
  boolean sweep;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description =
          "About how long the ceiling and peak phases run, per configuration (${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--latency-seconds",
      defaultValue = "60",
      description =
          "How long requests are sent at the steady rate for the latency percentiles, per"
              + " configuration: a p99 rests on the slowest 1 %%, 7-13 requests of 60 s at 256 px"
              + " here (${DEFAULT-VALUE}).")
  double latencySeconds;

  @Option(
      names = "--warm-up",
      defaultValue = "400",
      description =
          "Most seconds each configuration is flooded before its peak is timed, and again sent"
              + " requests at the steady rate before its latency is; each warm-up ends sooner"
              + " once the JIT compilers take under 2%% of its last 10 s (${DEFAULT-VALUE}).")
  double warmUp;

  @Option(
      names = "--peak-rounds",
      defaultValue = "3",
      description =
          "Peak phases per configuration, each between two measurements of ONNX Runtime alone;"
              + " the one with the median ratio is reported (${DEFAULT-VALUE}).")
  int peakRounds;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Requests/s of the latency phase; 0 takes half the peak just measured (${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Measure against this Kafka cluster instead of an embedded broker.")
  String bootstrapServers;

  @Option(names = "--kafka-config", description = "Properties file for every Kafka client.")
  Path kafkaConfig;

  @Option(
      names = "--out",
      defaultValue = "bench-output",
      description = "Folder for bench-stream.csv and bench-stream.png (${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--work-dir", defaultValue = ".i2i/bench", hidden = true)
  Path workDir;

  @Override
  public Integer call() throws Exception {
    List<int[]> configs = configs();
    if (seconds <= 0 || latencySeconds <= 0 || rate < 0 || warmUp < 0 || peakRounds < 1) {
      throw new IllegalArgumentException(
          "--seconds and --latency-seconds must be > 0, --rate and --warm-up >= 0,"
              + " --peak-rounds >= 1");
    }
    ModelFolder folder = modelsRoot.repository().latest(model);
    BufferedImage source =
        new ImageDecoder(64L << 20)
            .decode(Files.readAllBytes(Installation.orBundled(image)))
            .image();
    FileTrees.delete(workDir);
    Files.createDirectories(out);
    List<BenchRow> rows = new ArrayList<>();
    EmbeddedKafka broker =
        bootstrapServers == null ? EmbeddedKafka.start(workDir.resolve("broker")) : null;
    try {
      KafkaSettings kafka =
          KafkaSettings.of(
              broker != null ? broker.bootstrapServers() : bootstrapServers, kafkaConfig);
      StreamBench bench = new StreamBench(kafka, System.err, warmUp, peakRounds);
      String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
      for (int[] c : configs) {
        int size = c[0];
        System.err.printf(
            "%s v%d, %dx%d, %d stream thread(s), batch %d%n",
            model, folder.card().version(), size, size, c[1], c[2]);
        BufferedImage img = ImageTensors.resize(source, size, size);
        RequestHandler.Settings threads = handlerSettings(c[2], 0);
        Ceiling reference =
            Ceiling.measure(
                folder, device.device(), img, 1, 1, 0, processing.tiling(), seconds / 2);
        Callable<Ceiling> ort =
            () ->
                Ceiling.measure(
                    folder,
                    device.device(),
                    img,
                    c[2],
                    threads.inferenceThreads(),
                    threads.intraOpThreads(),
                    processing.tiling(),
                    seconds);
        Ceiling ceiling = ort.call();
        RequestHandler.Settings handler = handlerSettings(c[2], ceiling.medianMs());
        System.err.printf(
            "  ONNX Runtime alone: %.2f images/s as the service runs it (%d call(s) side by side,"
                + " %d thread(s) each, batch %d: %.1f ms per call); %.2f images/s one call at a"
                + " time on every core (%.1f ms)%n",
            ceiling.imagesPerSecond(),
            handler.inferenceThreads(),
            handler.intraOpThreads(),
            c[2],
            ceiling.medianMs(),
            reference.imagesPerSecond(),
            reference.medianMs());
        String name = "bench-" + run + "-" + size + "-" + c[1] + "-" + c[2];
        StreamService.Settings settings = settings(name, c[1], handler);
        int count =
            (int) Math.max(StreamBench.MIN_COUNT, Math.round(ceiling.imagesPerSecond() * seconds));
        ResidentMemory.resetPeak();
        StreamBench.Measured m =
            bench.run(
                settings, ImageEncoder.PNG.encode(img), model, count, rate, latencySeconds, ort);
        long peakMb = ResidentMemory.peakMegabytes();
        BenchRow row = new BenchRow(size, c[1], c[2], reference, m.ceiling(), m, peakMb);
        rows.add(row);
        System.err.println(BenchRow.HEADER);
        System.err.println(row.line());
        if (!row.cpuLine().isEmpty()) {
          System.err.println(BenchRow.CPU_HEADER);
          System.err.println(row.cpuLine());
        }
        System.err.println(BenchRow.LATENCY_HEADER);
        System.err.println(row.latencyLine());
        if (!row.besideLines().isEmpty()) {
          System.err.println(BenchRow.BESIDE_HEADER);
          System.err.println(row.besideLines());
        }
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    System.out.print(BenchReport.write(rows, out));
    return 0;
  }

  private List<int[]> configs() {
    List<int[]> list = new ArrayList<>();
    if (sweep) {
      for (int s : List.of(128, 256, 512, 1024)) {
        list.add(new int[] {s, 1, 1});
      }
      list.add(new int[] {256, 2, 1});
      list.add(new int[] {256, 1, 4});
      list.add(new int[] {256, 1, 8});
      return list;
    }
    for (int s : sizes) {
      for (int t : threads) {
        for (int b : batches) {
          if (s < 1 || t < 1 || b < 1) {
            throw new IllegalArgumentException(
                "--sizes, --threads and --batch-sizes take positive numbers");
          }
          list.add(new int[] {s, t, b});
        }
      }
    }
    return list;
  }

  /**
   * The service's settings for a run. A request's deadline counts from when the service takes it,
   * so a flood of slow (large) images needs one long enough for the ones queued behind others (up
   * to the 440 s a broker's default transaction limit allows).
   */
  private RequestHandler.Settings handlerSettings(int batch, double callMs) {
    long deadlineMs = (long) Math.min(440_000, Math.max(60_000, 3 * processing.inFlight * callMs));
    return processing.handler(null, 16L << 20, Duration.ofMillis(deadlineMs), batch);
  }

  private StreamService.Settings settings(
      String name, int threads, RequestHandler.Settings handler) {
    return new StreamService.Settings(
        name,
        new Topics(name + ".requests", name + ".results", name + ".dead-letters"),
        Math.max(2, threads),
        (short) -1,
        threads,
        workDir.resolve("state").resolve(name),
        processing.guarantee,
        handler,
        new StreamService.ModelSettings(
            modelsRoot.served(),
            List.of(model),
            device.device(),
            name + ".models",
            processing.tiling()),
        new HttpSettings("127.0.0.1", -1, false, Duration.ofSeconds(60)),
        KafkaSettings.DEFAULT_MAX_RECORD_BYTES);
  }
}
