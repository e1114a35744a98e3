package dev.i2i.streamer.cli;

import dev.i2i.cli.Progress;
import dev.i2i.runtime.image.ImageDecoder;
import dev.i2i.streamer.client.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code i2i publish}: image files or folders to the requests topic. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publish images (files or folders) as translation requests.")
final class PublishCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Parameters(arity = "1..*", description = "Image files or folders of images.")
  List<Path> inputs;

  @Option(names = "--model", required = true, description = "Model name, e.g. summer2winter.")
  String model;

  @Option(
      names = "--raw",
      description =
          "Send the file bytes as the value (model in a header) " + "instead of an Avro record.")
  boolean raw;

  @Option(
      names = "--repeat",
      defaultValue = "1",
      description = "Send the files this many times; 0 repeats until Ctrl-C (${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Requests per second; 0 sends as fast as Kafka takes them (${DEFAULT-VALUE}).")
  double rate;

  @Override
  public Integer call() throws Exception {
    if (repeat < 0 || rate < 0) {
      throw new IllegalArgumentException("--repeat and --rate must be >= 0");
    }
    List<Path> files = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          // Folders contribute their image files only (a README next to the photos is no request).
          s.filter(Files::isRegularFile)
              .filter(f -> ImageDecoder.isImageName(f.getFileName().toString()))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new IllegalArgumentException(p + " is neither a file nor a folder");
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files to publish in " + inputs);
    }
    long total = repeat == 0 ? Long.MAX_VALUE : (long) repeat * files.size();
    Progress progress = new Progress(System.out, "publish", 0, repeat == 0 ? 0 : (int) total, 50);
    long sentCount = 0;
    long start = System.nanoTime();
    try (Publisher publisher = new Publisher(kafka.settings(null), kafka.requestsTopic)) {
      List<Future<?>> sent = new ArrayList<>();
      for (long i = 0; i < total; i++) {
        Path f = files.get((int) (i % files.size()));
        if (rate > 0) {
          long due = start + (long) (i * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            publisher.flush();
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        String id =
            f.getFileName().toString().replaceAll("\\.[^.]*$", "")
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        sent.add(
            publisher.publish(
                id,
                model,
                Files.readAllBytes(f),
                Files.probeContentType(f),
                Map.of("file", f.getFileName().toString()),
                raw));
        sentCount++;
        if (repeat == 0) {
          if (sentCount % 10 == 0) {
            System.out.printf("published %d%n", sentCount);
          }
        } else {
          progress.update((int) sentCount, id);
        }
        if (sent.size() >= 1000) {
          for (Future<?> x : sent) {
            x.get(); // a failed send is reported, not forgotten
          }
          sent.clear();
        }
      }
      publisher.flush();
      for (Future<?> f : sent) {
        f.get();
      }
    }
    System.out.printf(
        "published %d requests for %s to %s%n", sentCount, model, kafka.requestsTopic);
    return 0;
  }
}
