package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service on a real in-process Kafka broker with the bundled model. */
class StreamingIT {
  static final Path MODELS = Path.of("..", "models");
  @RegisterExtension static final BrokerExtension BROKER = new BrokerExtension();
  static KafkaSettings kafka;
  static Path tmp;

  @BeforeAll
  static void start() {
    kafka = BROKER.kafka();
    tmp = BROKER.dir();
  }

  static StreamService service(String name, Topics topics) throws Exception {
    return service(name, topics, List.of("summer2winter"));
  }

  static StreamService service(String name, Topics topics, List<String> models) throws Exception {
    return service(kafka, tmp, name, topics, models);
  }

  /** An instance serving {@code models} from the bundled repository, started and running. */
  static StreamService service(
      KafkaSettings kafka, Path tmp, String name, Topics topics, List<String> models)
      throws Exception {
    StreamService svc =
        StreamService.start(
            kafka,
            new StreamService.Settings(
                "it-" + name,
                topics,
                2,
                (short) 1,
                1,
                tmp.resolve("state-" + name),
                "exactly_once_v2",
                new RequestHandler.Settings(
                    null, 4_000_000, java.time.Duration.ofSeconds(30), ImageEncoder.PNG),
                new StreamService.ModelSettings(MODELS, models, Device.CPU, name + ".models"),
                new dev.i2i.streamer.web.HttpSettings("127.0.0.1", 0, true, Duration.ofSeconds(60)),
                16 * 1024 * 1024));
    svc.awaitRunning(Duration.ofSeconds(60));
    return svc;
  }

  static Topics topics(String name) {
    return new Topics(name + ".requests", name + ".results", name + ".dead-letters");
  }

  @Test
  void fiftyImagesOfMixedSizesAndFormatsGiveFiftyResults() throws Exception {
    Topics topics = topics("mixed");
    String[] formats = {"png", "jpeg", "bmp", "gif", "tiff"};
    Random r = new Random(7);
    Map<String, int[]> sizes = new HashMap<>();
    try (StreamService svc = service("mixed", topics);
        Publisher pub = new Publisher(kafka, topics.requests())) {
      for (int i = 0; i < 50; i++) {
        int w = 16 + r.nextInt(80);
        int h = 16 + r.nextInt(80);
        String id = "img-" + i;
        sizes.put(id, new int[] {w, h});
        byte[] bytes = TestImages.encode(TestImages.scene(w, h, i), formats[i % formats.length]);
        pub.publish(id, "summer2winter", bytes, null, Map.of(), i % 10 == 9);
      }
      pub.flush();
      List<Received> got;
      try (ResultReader reader = new ResultReader(kafka, topics, null, true)) {
        got = reader.read(50, Duration.ofSeconds(60), x -> {});
      }
      assertEquals(50, got.size());
      Set<String> ids = new TreeSet<>();
      for (Received x : got) {
        assertTrue(!x.deadLetter(), x.requestId() + ": " + x.reason() + " " + x.detail());
        ids.add(x.requestId());
        assertEquals(1, x.modelVersion());
        var img = ImageIO.read(new ByteArrayInputStream(x.image()));
        assertEquals(sizes.get(x.requestId())[0], img.getWidth(), x.requestId());
        assertEquals(sizes.get(x.requestId())[1], img.getHeight(), x.requestId());
      }
      assertEquals(sizes.keySet(), ids);
    }
  }

  @Test
  void aPix2PixModelIsServedNextToTheCycleGanOnesByTheSameCode() throws Exception {
    Topics topics = topics("kinds");
    try (StreamService svc = service("kinds", topics, List.of());
        Publisher pub = new Publisher(kafka, topics.requests())) {
      assertTrue(svc.models().names().containsAll(List.of("summer2winter", "edges2scene")));
      Map<String, String> sent = new HashMap<>();
      for (int i = 0; i < 6; i++) {
        String model = i % 2 == 0 ? "edges2scene" : "summer2winter";
        BufferedImage img = i % 2 == 0 ? TestImages.edges(70, 50, i) : TestImages.scene(70, 50, i);
        pub.publish("k-" + i, model, TestImages.encode(img, "png"), null, Map.of(), i == 4);
        sent.put("k-" + i, model);
      }
      pub.flush();
      List<Received> got;
      try (ResultReader reader = new ResultReader(kafka, topics, null, true)) {
        got = reader.read(6, Duration.ofSeconds(60), x -> {});
      }
      assertEquals(6, got.size());
      for (Received x : got) {
        assertTrue(!x.deadLetter(), x.requestId() + ": " + x.reason() + " " + x.detail());
        assertEquals(sent.get(x.requestId()), x.model());
        assertEquals(1, x.modelVersion());
        var img = ImageIO.read(new ByteArrayInputStream(x.image()));
        assertEquals(70, img.getWidth());
        assertEquals(50, img.getHeight());
      }
      // What an operator sees: metrics by model version, health, the gallery's before/after.
      String metrics = get(svc, "/metrics");
      assertTrue(
          metrics.contains("i2i_results_total{model=\"edges2scene\",version=\"1\"} 3.0"), metrics);
      assertTrue(metrics.contains("i2i_inference_seconds_count{model=\"summer2winter\""), metrics);
      // Kafka Streams' and the JVM's own meters, through Micrometer's binders.
      for (String series :
          List.of(
              "kafka_stream_thread_process_total",
              "kafka_stream_thread_commit_total",
              "kafka_consumer_fetch_manager_records_consumed_total",
              "kafka_consumer_coordinator_rebalance_total",
              "kafka_producer_record_send_total",
              "jvm_memory_used_bytes",
              "jvm_threads_live_threads",
              "jvm_gc_max_data_size_bytes")) {
        assertTrue(total(metrics, series) > 0, series + " is missing or 0 in\n" + metrics);
      }
      assertTrue(get(svc, "/health").contains("\"status\":\"UP\""));
      String gallery = get(svc, "/gallery");
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("/gallery/(\\d+)/after\\.png").matcher(gallery);
      assertTrue(m.find(), gallery);
      var thumb =
          ImageIO.read(
              java.net.URI.create("http://127.0.0.1:" + svc.httpPort() + m.group()).toURL());
      assertEquals(70, thumb.getWidth());
    }
  }

  /** The sum of a series' values over all its label sets in a Prometheus text scrape. */
  static double total(String scrape, String name) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static String get(StreamService svc, String path) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var response =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + svc.httpPort() + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path);
    return response.body();
  }

  @Test
  void everyBadInputBecomesADeadLetterWithItsReason() throws Exception {
    Topics topics = topics("bad");
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("NOT_AN_IMAGE", "just text".getBytes(StandardCharsets.UTF_8));
    bad.put("TRUNCATED_IMAGE", TestImages.truncated(TestImages.png(64, 64)));
    bad.put("UNSUPPORTED_FORMAT", "%PDF-1.4 fake".getBytes(StandardCharsets.UTF_8));
    bad.put("TOO_MANY_PIXELS", TestImages.pngHeaderOnly(40_000, 40_000));
    try (StreamService svc = service("bad", topics);
        Publisher pub = new Publisher(kafka, topics.requests())) {
      int n = 0;
      for (Map.Entry<String, byte[]> e : bad.entrySet()) {
        pub.publish("good-" + n++, "summer2winter", TestImages.png(32, 32), null, Map.of(), false);
        pub.publish(e.getKey(), "summer2winter", e.getValue(), null, Map.of(), false);
      }
      pub.publish("UNKNOWN_MODEL", "no-such-model", TestImages.png(8, 8), null, Map.of(), false);
      pub.publishBytes("EMPTY_VALUE", new byte[0]);
      pub.publishBytes("MALFORMED_RECORD", new byte[] {(byte) 0xC3, 1, 5, 5, 5, 5, 5, 5, 5, 5, 0});
      pub.flush();
      bad.put("UNKNOWN_MODEL", null);
      bad.put("EMPTY_VALUE", null);
      bad.put("MALFORMED_RECORD", null);
      List<Received> got;
      try (ResultReader reader = new ResultReader(kafka, topics, null, true)) {
        got = reader.read(n + bad.size(), Duration.ofSeconds(60), x -> {});
      }
      Map<String, String> reasons = new HashMap<>();
      int results = 0;
      for (Received x : got) {
        if (x.deadLetter()) {
          reasons.put(x.requestId(), x.reason());
        } else {
          results++;
          assertTrue(x.requestId().startsWith("good-"));
        }
      }
      assertEquals(n, results);
      for (String reason : bad.keySet()) {
        assertEquals(reason, reasons.get(reason), "dead letter for " + reason + ": " + reasons);
      }
    }
  }
}
