package dev.i2i.streamer.cli;

import dev.i2i.runtime.Tiling;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.streamer.topology.RequestHandler;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How requests overlap and batch inside the service; shared by {@code stream}, {@code demo}, {@code
 * bench stream}.
 */
public final class ProcessingOptions {
  @Option(
      names = "--guarantee",
      defaultValue = "exactly_once_v2",
      description = "exactly_once_v2 | at_least_once (${DEFAULT-VALUE}).")
  public String guarantee;

  @Option(
      names = "--output-format",
      defaultValue = "png",
      converter = OutputFormat.class,
      description = "png | jpeg (or jpg) (${DEFAULT-VALUE}).")
  public ImageEncoder outputFormat;

  /** picocli's enum conversion plus the {@code jpg} spelling. */
  static final class OutputFormat implements CommandLine.ITypeConverter<ImageEncoder> {
    @Override
    public ImageEncoder convert(String value) {
      return ImageEncoder.parse(value);
    }
  }

  @Option(
      names = "--in-flight",
      defaultValue = "4",
      description =
          "Requests each stream task works on at once, so decoding and encoding overlap inference;"
              + " 1 handles one after the other (${DEFAULT-VALUE}). Requests in flight are kept in"
              + " a changelogged state store: a crash neither loses nor repeats one.")
  public int inFlight;

  @Option(
      names = "--inference-threads",
      defaultValue = "2",
      description =
          "Inference calls run side by side, each on cores/this threads (${DEFAULT-VALUE}). On a"
              + " 2-core CPU two one-thread calls translate 35 images/s of 256x256 where one"
              + " two-thread call at a time gives 26; one call at a time answers a lone request"
              + " sooner.")
  public int inferenceThreads;

  @Option(
      names = "--batch-wait-ms",
      defaultValue = "5",
      description = "Longest an inference call waits for its batch to fill (${DEFAULT-VALUE}).")
  public int batchWaitMs;

  @Option(
      names = "--tile-size",
      defaultValue = "1024",
      description =
          "Images wider or taller than this are translated in overlapping tiles of this size, so"
              + " the network's memory is one tile's (${DEFAULT-VALUE}).")
  public int tileSize;

  @Option(
      names = "--tile-overlap",
      defaultValue = "64",
      description = "Pixels adjacent tiles share; their seams are blended (${DEFAULT-VALUE}).")
  public int tileOverlap;

  public Tiling tiling() {
    return new Tiling(tileSize, tileOverlap);
  }

  public RequestHandler.Settings handler(
      String defaultModel, long maxPixels, Duration deadline, int batch) {
    return new RequestHandler.Settings(
        defaultModel,
        maxPixels,
        deadline,
        outputFormat,
        inFlight,
        batch,
        Duration.ofMillis(batchWaitMs),
        inferenceThreads);
  }
}
