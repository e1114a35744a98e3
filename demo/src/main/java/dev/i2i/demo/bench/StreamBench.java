package dev.i2i.demo.bench;

import dev.i2i.cli.Progress;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.topology.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The end-to-end half of {@code i2i bench stream}: a translation service started in this process on
 * fresh topics, fed copies of one image, measured from publish to the result a {@code
 * read_committed} consumer sees. Two phases: a flood (every request published at once: the peak
 * rate and where each image's time goes) and a steady rate (latency percentiles).
 */
public final class StreamBench {
  /**
   * Least requests in a round of the warm-up (JIT, ONNX Runtime's arena); a quarter of the timed
   * count when that is more.
   */
  static final int WARM_UP = 2;

  /** Least requests in a timed phase (large images are slow: their percentiles are few). */
  public static final int MIN_COUNT = 4;

  private final KafkaSettings kafka;
  private final PrintStream progress;
  private final double maxWarmUp;
  private final int peakRounds;

  /**
   * @param maxWarmUp most seconds of warm-up before each configuration's timed phases
   * @param peakRounds peak phases, each between two measurements of ONNX Runtime alone
   */
  public StreamBench(KafkaSettings kafka, PrintStream progress, double maxWarmUp, int peakRounds) {
    this.kafka = kafka;
    this.progress = progress;
    this.maxWarmUp = maxWarmUp;
    this.peakRounds = peakRounds;
  }

  /**
   * End to end at the peak: {@code count} requests published at once after a warm-up.
   *
   * @param settings the service to run, on its own topics
   * @param image the request's image file bytes
   * @param model the model requests name
   * @param count timed requests
   * @param rate requests per second for the latency phase; 0 takes half the measured peak
   * @param latencySeconds how long requests are sent at that rate (at least {@link #MIN_COUNT}
   *     requests)
   * @param ceiling measures ONNX Runtime alone; called right before and right after each peak phase
   *     (the service warm and idle), so the ratio compares the two at the same time: this machine's
   *     speed drifts by several percent over minutes, and now and then by 20 % within one phase
   */
  public Measured run(
      StreamService.Settings settings,
      byte[] image,
      String model,
      int count,
      double rate,
      double latencySeconds,
      Callable<Ceiling> ceiling)
      throws Exception {
    Topics topics = settings.topics();
    try (StreamService svc = StreamService.start(kafka, settings);
        Publisher pub = new Publisher(kafka, topics.requests());
        ResultReader reader = new ResultReader(kafka, topics, null, true)) {
      svc.awaitRunning(Duration.ofSeconds(60));
      int round = Math.max(WARM_UP * settings.threads(), count / 4);
      warmUp(
          "warm-up",
          r -> {
            publish(pub, "warm-" + r, round, image, model);
            expect(reader, round, "warm-up", false);
            return round;
          });

      // Peak phases between measurements of ONNX Runtime alone; the round with the median ratio
      // stands for the run, so one phase the machine slowed under cannot set it.
      List<Peak> peaks = new ArrayList<>();
      Ceiling ortBefore = ceiling.call();
      for (int i = 1; i <= peakRounds; i++) {
        Snapshot before = Snapshot.of(svc);
        long t0 = System.nanoTime();
        publish(pub, "flood-" + i, count, image, model);
        expect(reader, count, "peak " + i + "/" + peakRounds, true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Stages stages = Snapshot.of(svc).since(before, count, seconds);
        Ceiling ortAfter = ceiling.call();
        Peak p = new Peak(count / seconds, stages, Ceiling.mean(ortBefore, ortAfter));
        peaks.add(p);
        progress.printf(
            Locale.ROOT,
            "  ONNX Runtime alone around peak %d/%d: %.2f images/s before, %.2f after; the stream:"
                + " %.2f, %.2f of their mean%n",
            i,
            peakRounds,
            ortBefore.imagesPerSecond(),
            ortAfter.imagesPerSecond(),
            p.rate(),
            p.ratio());
        ortBefore = ortAfter;
      }
      Peak median = Peak.median(peaks);
      progress.printf(Locale.ROOT, "  the median round: %d%n", peaks.indexOf(median) + 1);
      double peak = median.rate();
      Stages stages = median.stages();

      double steady = rate > 0 ? rate : peak / 2;
      int paced = (int) Math.max(MIN_COUNT, Math.round(steady * latencySeconds));
      // Requests one by one take paths the flood did not (a transaction per result): the broker's
      // first seconds of them are JIT compilation on the cores inference needs.
      int pacedRound = (int) Math.max(MIN_COUNT, Math.round(steady * PACED_WARM_UP_SECONDS));
      warmUp(
          String.format(Locale.ROOT, "warm-up at %.1f/s", steady),
          r -> {
            paced(pub, reader, image, model, "warm-paced-" + r, pacedRound, steady, false);
            return pacedRound;
          });
      long p0 = System.nanoTime();
      double c0 = CpuUse.compileMs();
      List<Received> timed;
      CpuTimeline timeline = CpuTimeline.start();
      try (timeline) {
        timed = paced(pub, reader, image, model, "paced", paced, steady, true);
      }
      double jit = (CpuUse.compileMs() - c0) / ((System.nanoTime() - p0) / 1e6);
      List<Received> slowest = Latency.slowest(timed);
      progress.println(
          "  the slowest 1 %, published at (UTC) +latency ms (inference ms), to match against GC or"
              + " JFR logs: "
              + Latency.publishedAt(slowest));
      Latency latency = Latency.of(timed);
      Beside beside = Beside.of(timeline, slowest);
      return new Measured(peak, stages, steady, latency, jit, beside, median.ceiling());
    }
  }

  /** One peak phase: the stream's rate, its stages, and ONNX Runtime alone around it. */
  record Peak(double rate, Stages stages, Ceiling ceiling) {
    double ratio() {
      return rate / ceiling.imagesPerSecond();
    }

    /** The round with the median ratio (of an even count, the lower of the middle two). */
    static Peak median(List<Peak> peaks) {
      List<Peak> sorted = peaks.stream().sorted(Comparator.comparingDouble(Peak::ratio)).toList();
      return sorted.get((sorted.size() - 1) / 2);
    }
  }

  /** One round of warm-up requests, sent and answered; returns how many. */
  private interface Round {
    int run(int index) throws Exception;
  }

  /**
   * Runs rounds of requests until the JIT compilers have settled (they took less than {@link
   * #JIT_SETTLED} of the last {@link #JIT_WINDOW_SECONDS}' time) or {@code maxWarmUp} has passed:
   * what is timed after it is the service as it runs for hours, not its first minute.
   */
  private void warmUp(String label, Round round) throws Exception {
    boolean timed = !Double.isNaN(CpuUse.compileMs());
    long start = System.nanoTime();
    int requests = 0;
    JitWindow window = new JitWindow(JIT_WINDOW_SECONDS);
    for (int r = 0; ; r++) {
      long t0 = System.nanoTime();
      double c0 = CpuUse.compileMs();
      requests += round.run(r);
      window.add((System.nanoTime() - t0) / 1e9, timed ? (CpuUse.compileMs() - c0) / 1e3 : 0);
      double total = (System.nanoTime() - start) / 1e9;
      boolean settled = !timed || window.settled(JIT_SETTLED);
      progress.printf(
          Locale.ROOT,
          "  %s: %.0f s, %d requests; JIT compiling %.0f%% of the last %.1f s%s%n",
          label,
          total,
          requests,
          100 * window.share(),
          window.seconds(),
          settled ? " (settled)" : total >= maxWarmUp ? " (not settled: --warm-up ends it)" : "");
      if (settled || total >= maxWarmUp) {
        return;
      }
    }
  }

  /** Seconds of each round of the warm-up at the steady rate. */
  static final double PACED_WARM_UP_SECONDS = 2;

  /** The JIT compilers' share of the time below which the service counts as warm. */
  static final double JIT_SETTLED = 0.02;

  /**
   * Seconds of the latest warm-up rounds that share is taken over: the compilers work in bursts (a
   * method of Kafka's for 0.2-0.3 s, seconds apart), so one quiet 2 s round is often luck and the
   * phase after it still compiling (6-12 % of its time at 256 px).
   */
  static final double JIT_WINDOW_SECONDS = 10;

  private static void publish(Publisher pub, String prefix, int n, byte[] image, String model) {
    for (int i = 0; i < n; i++) {
      pub.publish(prefix + "-" + i, model, image, "image/png", Map.of(), false);
    }
    pub.flush();
  }

  private List<Received> expect(ResultReader reader, int n, String phase, boolean show)
      throws IOException {
    Progress bar = show ? new Progress(progress, "  " + phase, 0, n, Math.max(1, n / 10)) : null;
    // Without their images: a client elsewhere would not hold them in the service's heap.
    List<Received> got = new ArrayList<>(n);
    reader.forEach(
        n,
        Duration.ofSeconds(120),
        r -> {
          got.add(r.withoutImage());
          if (bar != null) {
            bar.update(got.size(), "");
          }
        });
    long dead = got.stream().filter(Received::deadLetter).count();
    if (got.size() < n || dead > 0) {
      throw new IllegalStateException(
          phase
              + ": "
              + got.size()
              + " of "
              + n
              + " outcomes arrived, "
              + dead
              + " dead letters"
              + got.stream()
                  .filter(Received::deadLetter)
                  .findFirst()
                  .map(r -> " (first: " + r.reason() + " " + r.detail() + ")")
                  .orElse(""));
    }
    return got;
  }

  /** Requests at a fixed rate from a timer thread while this thread reads the outcomes. */
  private List<Received> paced(
      Publisher pub,
      ResultReader reader,
      byte[] image,
      String model,
      String prefix,
      int n,
      double rate,
      boolean show)
      throws Exception {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-publish"));
    AtomicInteger sent = new AtomicInteger();
    try {
      long periodNs = (long) (1e9 / rate);
      timer.scheduleAtFixedRate(
          () -> {
            int i = sent.getAndIncrement();
            if (i < n) {
              pub.publish(prefix + "-" + i, model, image, "image/png", Map.of(), false);
              pub.flush();
            }
          },
          0,
          periodNs,
          TimeUnit.NANOSECONDS);
      return expect(reader, n, String.format(Locale.ROOT, "%.1f/s", rate), show);
    } finally {
      timer.shutdownNow();
    }
  }

  /**
   * What one stream run measured; {@code latencyJit} is the JIT compilers' time during the latency
   * phase over its length (NaN where the JVM does not tell): compilations still running then take
   * cores from inference, so a p99 measured with them is the service's first minutes, not its
   * hours; {@code ceiling} is ONNX Runtime alone around the reported peak phase (the mean of right
   * before and right after it).
   */
  public record Measured(
      double peak,
      Stages stages,
      double rate,
      Latency latency,
      double latencyJit,
      Beside beside,
      Ceiling ceiling) {}

  /**
   * What ran beside the slowest 1 % of the latency phase: cores by {@link CpuTimeline#COLUMNS}
   * while they were in flight (publish to result), and over the whole phase; null where the JVM
   * cannot read its threads' CPU.
   */
  public record Beside(double[] slowest, double[] phase) {
    static Beside of(CpuTimeline timeline, List<Received> slowest) {
      double[] during =
          timeline.over(
              slowest.stream()
                  .map(r -> new long[] {r.timestamp(), r.timestamp() + r.latencyMs()})
                  .toList());
      double[] phase = timeline.overall();
      return during == null || phase == null ? null : new Beside(during, phase);
    }
  }

  /**
   * Where an image's time went in the flood phase: mean milliseconds per image of each stage (the
   * stages of different images overlap), {@code wall}, the time between two results, and {@code
   * cpu}, the process's CPU milliseconds per image by part (null where the JVM cannot tell).
   */
  public record Stages(
      double decode,
      double inference,
      double encode,
      double commit,
      double wall,
      Map<CpuUse.Part, Double> cpu) {}

  /**
   * Latency percentiles from publish to the consumer, milliseconds, over {@code count} requests;
   * the 95 % confidence interval of p99 ({@link QuantileInterval}; NaN at an end no request
   * bounds); and where the time of the typical requests (those between the quartiles) and of the
   * slowest 1 % went.
   */
  public record Latency(
      int count,
      double p50,
      double p95,
      double p99,
      double p99Low,
      double p99High,
      double max,
      Parts typical,
      Parts slowest) {
    static Latency of(List<Received> got) {
      List<Received> byLatency =
          got.stream().sorted(Comparator.comparingLong(Received::latencyMs)).toList();
      long[] ms = byLatency.stream().mapToLong(Received::latencyMs).toArray();
      int n = ms.length;
      double[] p99 = QuantileInterval.of(n, 0.99, 0.95).of(ms);
      return new Latency(
          n,
          at(ms, 0.50),
          at(ms, 0.95),
          at(ms, 0.99),
          p99[0],
          p99[1],
          ms[n - 1],
          Parts.mean(byLatency.subList(n / 4, Math.max(n / 4 + 1, 3 * n / 4))),
          Parts.mean(slowestSorted(byLatency)));
    }

    /** The slowest 1 % of the results: from the one at p99 up. */
    static List<Received> slowest(Collection<Received> got) {
      return slowestSorted(
          got.stream().sorted(Comparator.comparingLong(Received::latencyMs)).toList());
    }

    private static List<Received> slowestSorted(List<Received> byLatency) {
      int n = byLatency.size();
      return byLatency.subList(Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1), n);
    }

    /** When the given results' requests were published, with their latency and inference time. */
    static String publishedAt(List<Received> results) {
      DateTimeFormatter clock =
          DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
      return results.stream()
          .sorted(Comparator.comparingLong(Received::timestamp))
          .map(
              r ->
                  String.format(
                      Locale.ROOT,
                      "%s +%d (%.0f)",
                      clock.format(Instant.ofEpochMilli(r.timestamp())),
                      r.latencyMs(),
                      r.timings().getInferenceMs()))
          .collect(Collectors.joining(", "));
    }

    private static double at(long[] sorted, double q) {
      return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
  }

  /**
   * Mean milliseconds per request of a group, by stage, as the service reports them in each result:
   * queue (from publishing to the start of decoding: the broker, the poll, the stream thread),
   * decode, inference, encode, and the rest of the latency (waiting for an inference or encoding
   * thread, forwarding, the commit that makes the result visible, and delivery to the consumer).
   */
  public record Parts(double queue, double decode, double inference, double encode, double rest) {
    static Parts mean(List<Received> group) {
      double q = 0, d = 0, i = 0, e = 0, total = 0;
      for (Received r : group) {
        q += r.timings().getQueueMs();
        d += r.timings().getDecodeMs();
        i += r.timings().getInferenceMs();
        e += r.timings().getEncodeMs();
        total += r.latencyMs();
      }
      int n = group.size();
      return new Parts(q / n, d / n, i / n, e / n, (total - q - d - i - e) / n);
    }
  }

  /**
   * The service's own counters at one moment: stage seconds, and Kafka Streams' commits (count and
   * recent mean latency; the mean is taken from the later snapshot).
   */
  private record Snapshot(
      double decode, double inference, double encode, double commits, double commitMs, CpuUse cpu) {
    static Snapshot of(StreamService svc) {
      Metrics m = svc.metrics();
      double[] commits = svc.commits();
      return new Snapshot(
          m.sum(Meters.STAGE, "decode"),
          m.sum(Meters.INFERENCE),
          m.sum(Meters.STAGE, "encode"),
          commits[0],
          commits[1],
          CpuUse.now());
    }

    /** Per image from {@code before} to this snapshot. */
    Stages since(Snapshot before, int count, double wallSeconds) {
      double k = 1e3 / count;
      double commit = (commits - before.commits) * commitMs / count;
      return new Stages(
          (decode - before.decode) * k,
          (inference - before.inference) * k,
          (encode - before.encode) * k,
          commit,
          wallSeconds * k,
          cpu == null || before.cpu == null ? null : cpu.perImageSince(before.cpu, count));
    }
  }
}
