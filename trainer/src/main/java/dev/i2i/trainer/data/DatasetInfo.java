package dev.i2i.trainer.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a generated dataset is ({@code dataset.json}): its generator, the names of domains A and B
 * (so models are named after them), image size, image counts and seed. Folders without it get
 * domains A and B.
 */
public record DatasetInfo(
    String generator, String domainA, String domainB, int size, int train, int test, long seed) {
  public static final String FILE = "dataset.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static void write(Path dir, DatasetInfo info) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(FILE).toFile(), info);
  }

  public static DatasetInfo readOrDefault(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.exists(f)) {
      return new DatasetInfo("folder", "A", "B", 0, 0, 0, 0);
    }
    return JSON.readValue(f.toFile(), DatasetInfo.class);
  }

  /** The command that renders this dataset again, or null for a folder of files. */
  public String command(String out) {
    if (!java.util.List.of("season", "season-pairs", "edges2scenes").contains(generator)) {
      return null;
    }
    return String.format(
        "i2i dataset %s --out %s --size %d --train %d --test %d --seed %d",
        generator, out, size, train, test, seed);
  }
}
