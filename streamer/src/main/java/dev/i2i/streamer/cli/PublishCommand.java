package dev.i2i.streamer.cli;

import dev.i2i.runtime.Progress;
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

  @Override
  public Integer call() throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new IllegalArgumentException(p + " is neither a file nor a folder");
      }
    }
    Progress progress = new Progress(System.out, "publish", 0, files.size(), 50);
    try (Publisher publisher = new Publisher(kafka.settings(null), kafka.requestsTopic)) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
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
        progress.update(i + 1, id);
      }
      publisher.flush();
      for (Future<?> f : sent) {
        f.get();
      }
    }
    System.out.printf(
        "published %d requests for %s to %s%n", files.size(), model, kafka.requestsTopic);
    return 0;
  }
}
