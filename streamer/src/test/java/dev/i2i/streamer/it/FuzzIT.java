package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.web.HttpSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated image files of every served format through the real service: each gives exactly one
 * result or one dead letter, no stream thread dies, health stays UP, and memory stays bounded.
 * {@code -Di2i.fuzz.count=N} sets the files per format (default 500, so the run fits CI).
 */
class FuzzIT {
  static final int PER_FORMAT = Integer.getInteger("i2i.fuzz.count", 500);
  static final long HEAP_PEAK_BOUND = 1_000_000_000L;
  static final long RSS_PEAK_BOUND = 3_000_000_000L;

  @TempDir Path tmp;

  static Map<String, byte[]> seeds() throws Exception {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    for (String f : new String[] {"png", "jpeg", "gif", "bmp", "tiff"}) {
      seeds.put(f, TestImages.encode(TestImages.scene(48, 40, 11), f));
    }
    try (var in = FuzzIT.class.getResourceAsStream("/scene-128x90.webp")) {
      seeds.put("webp", in.readAllBytes());
    }
    return seeds;
  }

  /** One mutant: flips, overwrites with edge values, truncation, a repeated or inserted run. */
  static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int ops = 1 + r.nextInt(4);
    for (int i = 0; i < ops && b.length > 2; i++) {
      int at = r.nextInt(Math.min(b.length, r.nextBoolean() ? 64 : b.length)); // headers often
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = new byte[] {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1}[r.nextInt(5)];
        case 2 -> {
          for (int k = at; k < Math.min(b.length, at + 4); k++) {
            b[k] = (byte) 0xFF; // a huge length or size field
          }
        }
        case 3 -> b = Arrays.copyOf(b, 1 + r.nextInt(b.length));
        case 4 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(32));
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, at + len);
          System.arraycopy(b, at, out, at + len, b.length - at);
          b = out;
        }
        default -> {
          byte[] noise = new byte[1 + r.nextInt(16)];
          r.nextBytes(noise);
          byte[] out = new byte[b.length + noise.length];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(noise, 0, out, at, noise.length);
          System.arraycopy(b, at, out, at + noise.length, b.length - at);
          b = out;
        }
      }
    }
    return b;
  }

  static long rssPeakBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return -1;
  }

  static long heapPeakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  @Test
  void thousandsOfMutatedFilesGiveOneOutcomeEachAndTheServiceStaysUp() throws Exception {
    Topics t = new Topics("fuzz.requests", "fuzz.results", "fuzz.dead-letters");
    Map<String, String> formatOf = new HashMap<>();
    try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("broker"))) {
      KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), Map.of());
      StreamService.Settings s =
          new StreamService.Settings(
              "fuzz",
              t,
              2,
              (short) -1,
              1,
              tmp.resolve("state"),
              "exactly_once_v2",
              new RequestHandler.Settings(
                  null, 4_000_000, Duration.ofSeconds(20), ImageEncoder.PNG),
              new StreamService.ModelSettings(
                  Path.of("..", "models"), List.of("summer2winter"), Device.CPU, "fuzz.models"),
              HttpSettings.local(-1),
              16 * 1024 * 1024);
      try (StreamService svc = StreamService.start(kafka, s);
          Publisher pub = new Publisher(kafka, t.requests());
          ResultReader reader = new ResultReader(kafka, t, null, true)) {
        svc.awaitRunning(Duration.ofSeconds(60));
        Random r = new Random(2026);
        int n = 0;
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
          for (int i = 0; i < PER_FORMAT; i++) {
            String id = seed.getKey() + "-" + i;
            formatOf.put(id, seed.getKey());
            pub.publish(id, "summer2winter", mutate(seed.getValue(), r), null, Map.of(), true);
            n++;
          }
        }
        pub.flush();
        Map<String, Received> seen = new HashMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Received x : reader.read(n, Duration.ofSeconds(120), x -> {})) {
          assertTrue(seen.put(x.requestId(), x) == null, "two outcomes for " + x.requestId());
          String key = formatOf.get(x.requestId()) + " " + (x.deadLetter() ? x.reason() : "RESULT");
          outcomes.merge(key, 1, Integer::sum);
        }
        assertEquals(n, seen.size(), "one outcome per file");
        assertEquals(0, svc.metrics().value(Meters.THREAD_DEATHS));
        assertTrue(svc.health().up(), svc.health().reason());
        long heap = heapPeakBytes();
        long rss = rssPeakBytes();
        System.out.printf(
            "fuzz: %d files, %d formats; outcomes %s; peak heap %d MB, peak RSS %d MB%n",
            n, seeds().size(), outcomes, heap >> 20, rss >> 20);
        assertTrue(heap < HEAP_PEAK_BOUND, "peak heap " + heap);
        assertTrue(rss < RSS_PEAK_BOUND, "peak resident memory " + rss);
      }
    }
  }
}
