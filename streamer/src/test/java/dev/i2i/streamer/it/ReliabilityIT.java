package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.avro.DeploymentAction;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.deploy.DeploymentFollower;
import dev.i2i.streamer.deploy.ModelsTopic;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.TopicAdmin;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.serve.ImageTranslator;
import dev.i2i.streamer.serve.LoadedVersion;
import dev.i2i.streamer.serve.OnnxVersionLoader;
import dev.i2i.streamer.serve.ServedModel;
import dev.i2i.streamer.serve.VersionLoader;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.web.HttpSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The defects of the reliability issue, each on a real broker with the bundled model: records at
 * the size limit, topics smaller than the service expects, images smaller than the network,
 * requests slower than the exactly-once transaction timeout, and health that tells the truth.
 */
class ReliabilityIT {
  static final Path MODELS = Path.of("..", "models");
  static final String MODEL = "summer2winter";

  /** Images this wide sleep in the translator, as a huge image on a slow CPU would. */
  static final int SLOW_WIDTH = 77;

  @RegisterExtension static final BrokerExtension BROKER = new BrokerExtension();
  static KafkaSettings kafka;
  static Path tmp;

  @BeforeAll
  static void start() {
    kafka = BROKER.kafka();
    tmp = BROKER.dir();
  }

  static Topics topics(String name) {
    return new Topics(name + ".requests", name + ".results", name + ".dead-letters");
  }

  /** The real ONNX loader, with a translator that sleeps on {@link #SLOW_WIDTH}-wide images. */
  static VersionLoader sleeping(Duration sleep) {
    VersionLoader real = new OnnxVersionLoader(new ModelRepository(MODELS), Device.CPU);
    return (name, version, location, sha) -> {
      LoadedVersion l = real.load(name, version, location, sha);
      ImageTranslator t = l.served().translator();
      ImageTranslator slow =
          new ImageTranslator() {
            @Override
            public BufferedImage translate(BufferedImage image) throws Exception {
              if (image.getWidth() == SLOW_WIDTH) {
                Thread.sleep(sleep.toMillis());
              }
              return t.translate(image);
            }

            @Override
            public long workPixels(int w, int h) {
              return t.workPixels(w, h);
            }

            @Override
            public void cancel(Thread worker) {
              t.cancel(worker);
            }
          };
      return new LoadedVersion(new ServedModel(name, version, slow), l.sha256(), l.session());
    };
  }

  static StreamService service(
      String name, KafkaSettings k, Duration deadline, HttpSettings http, VersionLoader loader)
      throws Exception {
    StreamService svc =
        StreamService.start(
            k,
            new StreamService.Settings(
                "rel-" + name,
                topics(name),
                2,
                (short) -1,
                1,
                tmp.resolve("state-" + name),
                "exactly_once_v2",
                new RequestHandler.Settings(null, 16_777_216, deadline, ImageEncoder.PNG),
                new StreamService.ModelSettings(MODELS, List.of(MODEL), Device.CPU, name + ".m"),
                http,
                16 * 1024 * 1024),
            loader);
    svc.awaitRunning(Duration.ofSeconds(60));
    return svc;
  }

  static StreamService service(String name) throws Exception {
    return service(
        name,
        kafka,
        Duration.ofSeconds(30),
        HttpSettings.local(0),
        new OnnxVersionLoader(new ModelRepository(MODELS), Device.CPU));
  }

  static Map<String, Received> byId(List<Received> all) {
    Map<String, Received> m = new HashMap<>();
    for (Received r : all) {
      assertTrue(m.put(r.requestId(), r) == null, "two outcomes for " + r.requestId());
    }
    return m;
  }

  static int get(int port, String path) throws Exception {
    HttpURLConnection c =
        (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }

  @Test
  void aRecordJustUnderTheBrokersLimitIsOneDeadLetterAndTheStreamGoesOn() throws Exception {
    Topics t = topics("huge");
    try (StreamService svc = service("huge");
        Publisher pub = new Publisher(kafka, t.requests());
        ResultReader reader = new ResultReader(kafka, t, null, true)) {
      byte[] junk = new byte[16_777_000];
      new Random(3).nextBytes(junk);
      pub.publish("huge", MODEL, junk, null, Map.of(), true);
      for (int i = 0; i < 3; i++) {
        pub.publish("after-" + i, MODEL, TestImages.png(40, 32), null, Map.of(), true);
      }
      pub.flush();
      Map<String, Received> seen = byId(reader.read(4, Duration.ofSeconds(90), x -> {}));
      Received dl = seen.get("huge");
      assertTrue(dl != null && dl.deadLetter(), "the huge record is a dead letter: " + seen);
      assertEquals("NOT_AN_IMAGE", dl.reason());
      assertTrue(dl.image().length < junk.length, "its original was truncated to fit");
      for (int i = 0; i < 3; i++) {
        assertTrue(!seen.get("after-" + i).deadLetter(), "later requests are answered");
      }
      assertTrue(svc.health().up(), svc.health().reason());
      assertEquals(0, svc.metrics().value(Meters.PRODUCTION_ERRORS, "x"));
    }
  }

  @Test
  void resultsTopicsOfTheBrokerDefaultSizeGetDeadLettersThatFitNotAStall() throws Exception {
    Topics t = topics("small");
    TopicAdmin.ensure(
        kafka, List.of(t.requests()), 2, (short) 1, Map.of("max.message.bytes", "16777216"));
    TopicAdmin.ensure(
        kafka,
        List.of(t.results(), t.deadLetters()),
        2,
        (short) 1,
        Map.of("max.message.bytes", "1048588")); // Kafka's own default
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(kafka.clientProperties(Map.of()))) {
      List<String> warnings =
          TopicAdmin.warnIfSmaller(admin, List.of(t.results(), t.deadLetters()), 16 << 20);
      assertEquals(2, warnings.size(), "each small topic is named with its fix");
      assertTrue(warnings.get(0).contains("--add-config max.message.bytes="), warnings.get(0));
    }
    BufferedImage noise = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(5);
    for (int y = 0; y < 1024; y++) {
      for (int x = 0; x < 1024; x++) {
        noise.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    byte[] png = TestImages.encode(noise, "png");
    assertTrue(png.length > 1_048_588, "the original alone is over the dead-letter topic's limit");
    try (StreamService svc = service("small");
        Publisher pub = new Publisher(kafka, t.requests());
        ResultReader reader = new ResultReader(kafka, t, null, true)) {
      pub.publish("noise", MODEL, png, null, Map.of(), true);
      pub.publish("after", MODEL, TestImages.png(40, 32), null, Map.of(), true);
      pub.flush();
      Map<String, Received> seen = byId(reader.read(2, Duration.ofSeconds(120), x -> {}));
      Received out = seen.get("noise");
      assertTrue(out != null, "the noise image has an outcome: " + seen.keySet());
      if (out.deadLetter()) {
        assertEquals("RESULT_TOO_LARGE", out.reason(), out.detail());
        assertTrue(out.image().length < png.length, "its original was truncated to fit");
      } else {
        assertTrue(out.image().length < 1_048_588, "a result that fits");
      }
      assertTrue(!seen.get("after").deadLetter());
      assertTrue(svc.health().up(), svc.health().reason());
    }
  }

  @Test
  void imagesSmallerThanTheNetworkAreTranslatedAtTheirSize() throws Exception {
    Topics t = topics("tiny");
    int[][] sizes = {{3, 5}, {1, 1}, {1, 2000}, {2000, 1}, {7, 7}};
    try (StreamService svc = service("tiny");
        Publisher pub = new Publisher(kafka, t.requests());
        ResultReader reader = new ResultReader(kafka, t, null, true)) {
      for (int[] s : sizes) {
        pub.publish(s[0] + "x" + s[1], MODEL, TestImages.png(s[0], s[1]), null, Map.of(), true);
      }
      pub.flush();
      Map<String, Received> seen = byId(reader.read(sizes.length, Duration.ofSeconds(60), x -> {}));
      for (int[] s : sizes) {
        Received out = seen.get(s[0] + "x" + s[1]);
        assertTrue(!out.deadLetter(), out.requestId() + ": " + out.reason() + " " + out.detail());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(out.image()));
        assertEquals(s[0], img.getWidth());
        assertEquals(s[1], img.getHeight());
      }
    }
  }

  @Test
  void requestsSlowerThanTheTransactionTimeoutAreAnsweredExactlyOnce() throws Exception {
    Topics t = topics("slow");
    // An 8 s transaction timeout and a translator that sleeps 12 s: without the 2 s deadline the
    // producer is fenced and the slow request redone forever.
    KafkaSettings k =
        new KafkaSettings(BROKER.bootstrapServers(), Map.of("transaction.timeout.ms", "8000"));
    try (StreamService svc =
            service(
                "slow",
                k,
                Duration.ofSeconds(2),
                HttpSettings.local(-1),
                sleeping(Duration.ofSeconds(12)));
        Publisher pub = new Publisher(kafka, t.requests());
        ResultReader reader = new ResultReader(kafka, t, null, true)) {
      for (int i = 0; i < 6; i++) {
        int w = i % 3 == 1 ? SLOW_WIDTH : 40;
        pub.publish("req-" + i, MODEL, TestImages.png(w, 24), null, Map.of(), true);
      }
      pub.flush();
      List<Received> all = reader.read(6, Duration.ofSeconds(90), x -> {});
      all.addAll(reader.read(1, Duration.ofSeconds(12), x -> {})); // a duplicate would come now
      Map<String, Received> seen = byId(all);
      assertEquals(6, seen.size(), seen.keySet().toString());
      for (int i = 0; i < 6; i++) {
        Received r = seen.get("req-" + i);
        if (i % 3 == 1) {
          assertEquals("DEADLINE_EXCEEDED", r.reason(), r.detail());
        } else {
          assertTrue(!r.deadLetter(), r.reason() + " " + r.detail());
        }
      }
    }
  }

  @Test
  void healthSaysDownWhileInputWaitsAndNothingCommitsAndUpAgainAfter() throws Exception {
    Topics t = topics("stall");
    HttpSettings http = new HttpSettings("127.0.0.1", 0, false, Duration.ofSeconds(2));
    try (StreamService svc =
            service("stall", kafka, Duration.ofSeconds(20), http, sleeping(Duration.ofSeconds(9)));
        Publisher pub = new Publisher(kafka, t.requests());
        ResultReader reader = new ResultReader(kafka, t, null, true)) {
      int port = svc.httpPort();
      assertEquals(200, get(port, "/health"));
      assertEquals(200, get(port, "/ready"));
      assertEquals(404, get(port, "/gallery"), "the gallery is off unless asked for");
      pub.publish("slow", MODEL, TestImages.png(SLOW_WIDTH, 24), null, Map.of(), true);
      pub.publish("queued", MODEL, TestImages.png(40, 24), null, Map.of(), true);
      pub.flush();
      boolean down = false;
      long end = System.nanoTime() + Duration.ofSeconds(9).toNanos();
      while (!down && System.nanoTime() < end) {
        down = get(port, "/health") == 503;
        Thread.sleep(250);
      }
      assertTrue(down, "a stalled stream with waiting input is DOWN");
      assertTrue(svc.health().reason().contains("no commit"), svc.health().reason());
      assertEquals(2, reader.read(2, Duration.ofSeconds(60), x -> {}).size());
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (get(port, "/health") != 200 && System.nanoTime() < until) {
        Thread.sleep(250);
      }
      assertEquals(200, get(port, "/health"), "UP again once it commits");
    }
  }

  @Test
  void theModelsFollowerResumesWhereItWasAfterAnErrorAndCountsErrors() throws Exception {
    ModelsTopic topic = new ModelsTopic(kafka, "follow.models");
    topic.ensure((short) -1);
    List<String> applied = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean failOnce =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    dev.i2i.streamer.metrics.Metrics metrics = new dev.i2i.streamer.metrics.Metrics();
    java.util.function.Consumer<ModelDeployment> sink =
        d -> {
          String e = d.getModel() + " v" + d.getLive().getVersion();
          if (e.equals("m v2") && failOnce.getAndSet(false)) {
            applied.add(e + " failed");
            throw new IllegalStateException(
                "a sink failure, as a bug or a lost connection would be");
          }
          applied.add(e);
        };
    try (DeploymentFollower follower = new DeploymentFollower(topic, sink, metrics)) {
      follower.start(Duration.ofSeconds(30));
      topic.announce(deployment("m", 1));
      topic.announce(deployment("n", 1));
      awaitSize(applied, 2);
      // Not a deployment at all: skipped, but counted.
      try (var p =
          new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
              kafka.clientProperties(Map.of()),
              new org.apache.kafka.common.serialization.StringSerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer())) {
        p.send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    "follow.models", "x", new byte[] {1, 2, 3}))
            .get();
      }
      topic.announce(deployment("m", 2));
      awaitSize(applied, 4);
      Thread.sleep(1000); // a replay of history would show up now
    }
    assertEquals(
        List.of("m v1", "n v1", "m v2 failed", "m v2"), applied, "no replay of m v1 or n v1");
    assertTrue(metrics.value(Meters.FOLLOWER_ERRORS, "undecodable") >= 1);
    assertEquals(1, metrics.value(Meters.FOLLOWER_ERRORS, "IllegalStateException"));
  }

  static ModelDeployment deployment(String model, int version) {
    return ModelDeployment.newBuilder()
        .setModel(model)
        .setAction(DeploymentAction.DEPLOY)
        .setLive(new ModelVersionRef(version, model + "/" + version, "0".repeat(64)))
        .setAnnouncedAt(java.time.Instant.now())
        .build();
  }

  static void awaitSize(List<String> list, int n) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (list.size() < n && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertTrue(list.size() >= n, "applied: " + list);
  }
}
