package dev.i2i.streamer.cli;

import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.client.SafeFileName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2i consume}: translated images to files named by request id. */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description =
        "Write translated images to a folder as REQUEST_ID.png; dead letters are "
            + "listed with their reason.")
final class ConsumeCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(
      names = "--count",
      defaultValue = "2147483647",
      description = "Stop after this many records (default: no limit).")
  int count;

  @Option(
      names = "--idle-seconds",
      defaultValue = "30",
      description = "Stop when nothing arrived for this long (${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--group", description = "Consumer group (default: a new one, from the start).")
  String group;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    int[] n = {0, 0};
    try (ResultReader reader =
        new ResultReader(kafka.settings(null), kafka.topics(), group, true)) {
      reader.forEach(count, Duration.ofSeconds(idleSeconds), r -> write(r, n));
    }
    System.out.printf("%d results written to %s, %d dead letters%n", n[0], out, n[1]);
    return 0;
  }

  private void write(Received r, int[] n) {
    if (r.deadLetter()) {
      n[1]++;
      System.out.printf("dead letter %s: %s (%s)%n", r.requestId(), r.reason(), r.detail());
      return;
    }
    try {
      String name = SafeFileName.of(r.requestId());
      if (!name.equals(r.requestId())) {
        System.out.printf(
            "note: request id '%s' is not a safe file name; written as %s.png%n",
            r.requestId(), name);
      }
      Files.write(out.resolve(name + ".png"), r.image());
      n[0]++;
      System.out.printf(
          "%s  %s v%d  %dx%d%n", r.requestId(), r.model(), r.modelVersion(), r.width(), r.height());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
