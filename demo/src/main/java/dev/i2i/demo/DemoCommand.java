package dev.i2i.demo;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.cli.Installation;
import dev.i2i.runtime.FileTrees;
import dev.i2i.runtime.image.ImageDecoder;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.cli.ServiceOptions;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.client.SafeFileName;
import dev.i2i.streamer.kafka.KafkaSettings;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code i2i demo}: everything in one JVM — a real Kafka broker, the translation service with the
 * bundled model, the sample images published and their translations consumed — then exits.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start an embedded Kafka broker and the service, translate the sample images, "
            + "write before/after pairs to --out, print a table and exit.")
final class DemoCommand implements Callable<Integer> {
  @Mixin ServiceOptions service;

  @Option(
      names = "--samples",
      defaultValue = "samples",
      description = "Folder of images (${DEFAULT-VALUE}).")
  Path samples;

  @Option(
      names = "--out",
      defaultValue = "demo-output",
      description = "Output folder (${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--use-model",
      defaultValue = "summer2winter",
      description = "Model the samples are sent to (${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--broker-dir", defaultValue = ".i2i/demo-broker")
  Path brokerDir;

  @Override
  public Integer call() throws Exception {
    var topics = dev.i2i.streamer.topology.Topics.DEFAULT;
    StreamService.Settings settings = service.settings(topics); // bad flags fail before any work
    List<Path> files = listImages(Installation.orBundled(samples));
    Files.createDirectories(out);
    FileTrees.delete(brokerDir); // a fresh broker: the demo's numbers are its own
    FileTrees.delete(service.stateDir);
    long t0 = System.nanoTime();
    String report;
    try (EmbeddedKafka broker = EmbeddedKafka.start(brokerDir)) {
      KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), Map.of());
      try (StreamService svc = StreamService.start(kafka, settings);
          Publisher pub = new Publisher(kafka, topics.requests());
          ResultReader reader = new ResultReader(kafka, topics, null, true)) {
        svc.awaitRunning(Duration.ofSeconds(60));
        System.out.printf(
            "broker and service up in %.1f s; publishing %d images to %s%n",
            (System.nanoTime() - t0) / 1e9, files.size(), topics.requests());
        long start = System.nanoTime();
        for (Path f : files) {
          String id = f.getFileName().toString().replaceAll("\\.[^.]*$", "");
          pub.publish(
              id,
              model,
              Files.readAllBytes(f),
              null,
              Map.of("file", f.getFileName().toString()),
              false);
        }
        pub.flush();
        List<Received> got = reader.read(files.size(), Duration.ofSeconds(120), r -> {});
        double secs = (System.nanoTime() - start) / 1e9;
        report = report(files, got, secs);
      }
    }
    // Printed after the broker and the service have shut down, so it is the last thing shown.
    System.out.print(report);
    return 0;
  }

  private String report(List<Path> files, List<Received> got, double secs) throws IOException {
    java.io.StringWriter text = new java.io.StringWriter();
    java.io.PrintWriter w = new java.io.PrintWriter(text);
    w.printf(
        "%n%-22s %-18s %-10s %10s %12s%n",
        "request id", "model", "size", "latency ms", "inference ms");
    List<Long> latencies = new ArrayList<>();
    double inference = 0;
    int ok = 0;
    for (Received r : got) {
      if (r.deadLetter()) {
        w.printf("%-22s DEAD LETTER %s: %s%n", r.requestId(), r.reason(), r.detail());
        continue;
      }
      ok++;
      latencies.add(r.latencyMs());
      inference += r.inferenceMs();
      w.printf(
          "%-22s %-18s %-10s %10d %12.1f%n",
          r.requestId(),
          r.model() + " v" + r.modelVersion(),
          r.width() + "x" + r.height(),
          r.latencyMs(),
          r.inferenceMs());
      Path source =
          files.stream()
              .filter(
                  f -> f.getFileName().toString().replaceAll("\\.[^.]*$", "").equals(r.requestId()))
              .findFirst()
              .orElseThrow();
      writePair(
          ImageIO.read(source.toFile()),
          ImageIO.read(new ByteArrayInputStream(r.image())),
          out.resolve(SafeFileName.of(r.requestId()) + ".png"));
    }
    latencies.sort(null);
    w.printf(
        "%n%d of %d images translated in %.2f s (%.2f images/s), latency p50 %d ms, "
            + "max %d ms, mean inference %.1f ms; before|after pairs in %s%n",
        ok,
        files.size(),
        secs,
        ok / secs,
        latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2),
        latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
        ok == 0 ? 0 : inference / ok,
        out);
    w.flush();
    return text.toString();
  }

  static void writePair(BufferedImage before, BufferedImage after, Path png) throws IOException {
    int gap = 4;
    BufferedImage pair =
        new BufferedImage(
            before.getWidth() + gap + after.getWidth(),
            Math.max(before.getHeight(), after.getHeight()),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = pair.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, pair.getWidth(), pair.getHeight());
    g.drawImage(before, 0, 0, null);
    g.drawImage(after, before.getWidth() + gap, 0, null);
    g.dispose();
    ImageIO.write(pair, "png", png.toFile());
  }

  private static List<Path> listImages(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("sample folder " + dir + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(p -> ImageDecoder.isImageName(p.getFileName().toString()))
              .sorted()
              .toList();
    }
    if (files.isEmpty()) {
      throw new IOException(
          "sample folder " + dir + " has no images (png, jpeg, bmp, gif, webp, tiff)");
    }
    return files;
  }
}
