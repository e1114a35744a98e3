package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.TestModels;
import dev.i2i.streamer.cli.StreamerMain;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.client.Received;
import dev.i2i.streamer.client.ResultReader;
import dev.i2i.streamer.deploy.DeploymentPlan;
import dev.i2i.streamer.deploy.ModelsTopic;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redeploying under a live stream, on a real broker with two service instances: the deploy command,
 * the models topic, hot swap, refusals, a late instance, the quality gate and a canary. The tests
 * build on each other's deployments, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentIT {
  static final String MODEL = "summer2winter";
  static final Topics TOPICS = new Topics("dep.requests", "dep.results", "dep.dead-letters");
  static final String MODELS_TOPIC = "dep.models";
  @TempDir static Path tmp;
  static EmbeddedKafka broker;
  static KafkaSettings kafka;
  static Path repo;
  static List<StreamService> instances = new ArrayList<>();
  static int published;
  static byte[] image = TestImages.png(32, 32);

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedKafka.start(tmp.resolve("broker"));
    kafka = new KafkaSettings(broker.bootstrapServers(), Map.of());
    repo = TestModels.repository(tmp.resolve("models"));
    instances.add(instance("a"));
    instances.add(instance("b"));
    for (StreamService s : instances) {
      s.awaitRunning(Duration.ofSeconds(60));
    }
  }

  @AfterAll
  static void stop() {
    instances.forEach(StreamService::close);
    broker.close();
  }

  static StreamService instance(String name) throws Exception {
    return StreamService.start(
        kafka,
        new StreamService.Settings(
            "dep-it",
            TOPICS,
            2,
            (short) 1,
            1,
            tmp.resolve("state-" + name),
            "exactly_once_v2",
            new RequestHandler.Settings(
                null, 4_000_000, java.time.Duration.ofSeconds(30), ImageEncoder.PNG),
            new StreamService.ModelSettings(repo, List.of(), Device.CPU, MODELS_TOPIC),
            dev.i2i.streamer.web.HttpSettings.local(0),
            16 * 1024 * 1024));
  }

  /** Runs an i2i command against this test's broker and repository; returns exit code, stderr. */
  static Object[] cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "-b",
            broker.bootstrapServers(),
            "--models-root",
            repo.toString(),
            "--models-topic",
            MODELS_TOPIC));
    StringWriter err = new StringWriter();
    var cmd = StreamerMain.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(all.toArray(String[]::new));
    return new Object[] {code, err.toString()};
  }

  static List<String> publish(Publisher pub, int n, long pauseMs) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "req-" + published++;
      ids.add(id);
      pub.publish(id, MODEL, image, "image/png", Map.of(), false);
      if (pauseMs > 0) {
        pub.flush();
        Thread.sleep(pauseMs);
      }
    }
    pub.flush();
    return ids;
  }

  /** Reads the results of {@code ids} (skipping results of earlier tests): exactly one each. */
  static Map<String, Received> read(ResultReader reader, List<String> ids) throws Exception {
    java.util.Set<String> wanted = new java.util.HashSet<>(ids);
    Map<String, Received> byId = new HashMap<>();
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (byId.size() < wanted.size() && System.nanoTime() < end) {
      for (Received r : reader.read(wanted.size() - byId.size(), Duration.ofSeconds(10), x -> {})) {
        if (!wanted.contains(r.requestId())) {
          continue;
        }
        assertFalse(r.deadLetter(), r.requestId() + ": " + r.reason() + " " + r.detail());
        assertTrue(byId.put(r.requestId(), r) == null, "duplicate result for " + r.requestId());
      }
    }
    assertEquals(wanted.size(), byId.size(), "every request has exactly one result");
    // Nothing more for these ids arrives later (no duplicate after the last expected one).
    for (Received r : reader.read(Integer.MAX_VALUE, Duration.ofMillis(1500), x -> {})) {
      assertFalse(wanted.contains(r.requestId()), "second outcome for " + r.requestId());
    }
    return byId;
  }

  static boolean allLive(int version) {
    return instances.stream().allMatch(s -> s.models().liveVersion(MODEL) == version);
  }

  static void awaitLive(int version) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (StreamService s : instances) {
      while (s.models().liveVersion(MODEL) != version) {
        assertTrue(System.nanoTime() < end, "instances did not switch to v" + version);
        Thread.sleep(20);
      }
    }
  }

  static ModelDeployment state() throws Exception {
    return new ModelsTopic(kafka, MODELS_TOPIC).readAll(Duration.ofSeconds(30)).get(MODEL);
  }

  @Test
  @Order(1)
  void deployingV2UnderThreeHundredRequestsLosesNothingAndSwitchesCleanly() throws Exception {
    Path v2 = TestModels.variant(tmp.resolve("export-v2"), "v2", TestModels.bundledPlus(0.5, 0.01));
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger switchedAt =
        new java.util.concurrent.atomic.AtomicInteger(-1);
    Map<String, Long> arrival = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, Received> got;
    // 300 requests in ~3 s and a swap in the middle: both instances serve throughout.
    try (Publisher pub = new Publisher(kafka, TOPICS.requests());
        ResultReader reader = new ResultReader(kafka, TOPICS, null, false)) {
      // Requests flow steadily (one every 10 ms) from another thread while v2 is deployed.
      Thread publisher =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 300; i++) {
                    if (i == 250 && switchedAt.get() < 0) {
                      // A slow machine: hold the last 50 until the switch, so some follow it.
                      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                      while (!allLive(2) && System.nanoTime() < end) {
                        Thread.sleep(10);
                      }
                    }
                    if (switchedAt.get() < 0 && allLive(2)) {
                      switchedAt.set(i);
                    }
                    ids.addAll(publish(pub, 1, 10));
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Object[][] deployed = new Object[1][];
      Thread deployer =
          new Thread(
              () -> {
                while (ids.size() < 100) {
                  Thread.onSpinWait();
                }
                deployed[0] = cli("deploy", "--model", MODEL, "--from", v2.toString());
              });
      publisher.start();
      deployer.start();
      // Results are read as they come, so the gaps below are what a consumer sees live.
      got = new java.util.concurrent.ConcurrentHashMap<>();
      long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (got.size() < 300 && System.nanoTime() < end) {
        reader.read(
            300 - got.size(),
            Duration.ofSeconds(10),
            r -> {
              arrival.put(r.requestId(), System.nanoTime());
              assertTrue(got.put(r.requestId(), r) == null, "duplicate " + r.requestId());
            });
      }
      publisher.join();
      deployer.join();
      assertEquals(0, deployed[0][0], (String) deployed[0][1]);
    }
    assertEquals(new TreeSet<>(ids), new TreeSet<>(got.keySet()), "one result per request");
    assertTrue(switchedAt.get() > 0, "both instances switched to v2 while requests flowed");
    for (String id : ids.subList(switchedAt.get(), ids.size())) {
      assertEquals(2, got.get(id).modelVersion(), id + " was published after the switch");
    }
    // In each partition, results go v1 ... v1 v2 ... v2: never back to v1 after v2.
    List<Received> ordered = new ArrayList<>(got.values());
    ordered.sort((x, y) -> Long.compare(arrival.get(x.requestId()), arrival.get(y.requestId())));
    Map<Integer, Integer> last = new HashMap<>();
    for (Received r : ordered) {
      int prev = last.getOrDefault(r.partition(), 1);
      assertTrue(r.modelVersion() >= prev, r.requestId() + " went back to v1");
      last.put(r.partition(), r.modelVersion());
    }
    long v1 = got.values().stream().filter(r -> r.modelVersion() == 1).count();
    assertTrue(v1 >= 50, "results before the switch: " + v1);
    long gap = 0;
    long gapAtSwap = 0;
    for (int i = 1; i < ordered.size(); i++) {
      long g =
          arrival.get(ordered.get(i).requestId()) - arrival.get(ordered.get(i - 1).requestId());
      gap = Math.max(gap, g);
      if (ordered.get(i).modelVersion() != ordered.get(i - 1).modelVersion()) {
        gapAtSwap = Math.max(gapAtSwap, g);
      }
    }
    System.out.printf(
        "hot swap under 100 requests/s: %d results from v1, %d from v2, none lost or doubled; "
            + "longest gap between arriving results %.0f ms (%.0f ms where the version changed)%n",
        v1, 300 - v1, gap / 1e6, gapAtSwap / 1e6);
    ModelDeployment s = state();
    assertEquals(2, s.getLive().getVersion());
    assertEquals(1, s.getPrevious().get(0).getVersion());
    Object[] again = cli("deploy", "--model", MODEL, "--from", v2.toString());
    assertEquals(0, again[0], "deploying the live model again is a no-op");
    assertEquals(s.getAnnouncedAt(), state().getAnnouncedAt(), "nothing announced");
  }

  @Test
  @Order(2)
  void brokenModelsAreRefusedByDeployAndByEveryInstanceWhileV2KeepsServing() throws Exception {
    Path corrupt = TestModels.corrupt(tmp.resolve("corrupt"));
    Path wrongSha = TestModels.wrongSha(tmp.resolve("wrong-sha"));
    Path wrongInput = TestModels.wrongInputName(tmp.resolve("wrong-input"));
    Path throwing = TestModels.throwsAtWarmUp(tmp.resolve("throws"));
    for (Path p : List.of(corrupt, wrongSha, wrongInput, throwing)) {
      Object[] r = cli("deploy", "--model", MODEL, "--from", p.toString());
      assertNotEquals(0, r[0], p + " was deployed");
      System.out.println("deploy " + p.getFileName() + ": " + ((String) r[1]).trim());
    }
    ModelDeployment unchanged = state();
    assertEquals(2, unchanged.getLive().getVersion(), "nothing was announced");

    // The same files placed in the repository by hand and announced directly, as a file corrupted
    // after a deploy or a crafted event would be: each instance must refuse them itself.
    ModelsTopic topic = new ModelsTopic(kafka, MODELS_TOPIC);
    int v = 7;
    List<ModelVersionRef> bad = new ArrayList<>();
    for (Path p : List.of(corrupt, wrongSha, wrongInput, throwing)) {
      Path dir = repo.resolve(MODEL).resolve(Integer.toString(v));
      Files.createDirectories(dir);
      Files.copy(p.resolve(ModelFolder.MODEL_FILE), dir.resolve(ModelFolder.MODEL_FILE));
      ModelCard card = ModelCards.read(p.resolve(ModelCards.FILE_NAME)).withVersion(v);
      ModelCards.write(card, dir.resolve(ModelCards.FILE_NAME));
      bad.add(new ModelVersionRef(v, MODEL + "/" + v, card.sha256()));
      v++;
    }
    bad.add(new ModelVersionRef(v, "../../../etc", "0".repeat(64)));
    try (Publisher pub = new Publisher(kafka, TOPICS.requests());
        ResultReader reader = new ResultReader(kafka, TOPICS, null, true)) {
      List<String> ids = new ArrayList<>();
      for (ModelVersionRef ref : bad) {
        topic.announce(new DeploymentPlan(MODEL, state(), null, "test").deploy(ref, 100));
        ids.addAll(publish(pub, 20, 0));
      }
      Map<String, Received> got = read(reader, ids);
      assertTrue(got.values().stream().allMatch(r -> r.modelVersion() == 2), "v2 kept serving");
    }
    for (StreamService s : instances) {
      for (ModelVersionRef ref : bad) {
        String version = Integer.toString(ref.getVersion());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (s.metrics().value(Meters.REFUSALS, MODEL, version) < 1) {
          assertTrue(System.nanoTime() < deadline, "v" + version + " was not refused");
          Thread.sleep(20);
        }
      }
      assertEquals(2, s.models().liveVersion(MODEL));
    }
    Object[] back = cli("rollback", "--model", MODEL, "--to", "2");
    assertEquals(0, back[0], (String) back[1]);
  }

  @Test
  @Order(3)
  void anInstanceStartedAfterTheDeployServesTheDeployedVersion() throws Exception {
    instances.forEach(StreamService::close);
    instances.clear();
    instances.add(instance("late"));
    instances.get(0).awaitRunning(Duration.ofSeconds(60));
    assertEquals(2, instances.get(0).models().liveVersion(MODEL));
    try (Publisher pub = new Publisher(kafka, TOPICS.requests());
        ResultReader reader = new ResultReader(kafka, TOPICS, null, false)) {
      assertTrue(
          read(reader, publish(pub, 20, 0)).values().stream().allMatch(r -> r.modelVersion() == 2));
    }
  }

  @Test
  @Order(4)
  void theQualityGateRefusesAWorseModelUnlessForced() throws Exception {
    Path worse =
        TestModels.variant(tmp.resolve("export-worse"), "worse", TestModels.bundledPlus(-5, 0));
    Object[] refused = cli("deploy", "--model", MODEL, "--from", worse.toString());
    assertEquals(1, refused[0]);
    assertTrue(
        ((String) refused[1]).contains("refused by the quality gate: psnr"), refused[1] + "");
    assertEquals(2, state().getLive().getVersion());
    Object[] forced = cli("deploy", "--model", MODEL, "--from", worse.toString(), "--force");
    assertEquals(0, forced[0], (String) forced[1]);
    int v3 = state().getLive().getVersion();
    assertTrue(v3 > 2, "forced version is live: v" + v3);
    awaitLive(v3);
  }

  @Test
  @Order(5)
  void aThirtyPercentCanaryTakesItsShareUntilRolledBackOrPromoted() throws Exception {
    int live = state().getLive().getVersion();
    Path better =
        TestModels.variant(tmp.resolve("export-canary"), "canary", TestModels.bundledPlus(1, 0.05));
    Object[] c = cli("deploy", "--model", MODEL, "--from", better.toString(), "--canary", "30");
    assertEquals(0, c[0], (String) c[1]);
    ModelDeployment s = state();
    int canary = s.getCanary().getVersion();
    assertEquals(live, s.getLive().getVersion());
    awaitRouting("v" + live + " + canary v" + canary + " at 30%");
    try (Publisher pub = new Publisher(kafka, TOPICS.requests());
        ResultReader reader = new ResultReader(kafka, TOPICS, null, false)) {
      List<String> ids = publish(pub, 500, 0);
      Map<String, Received> got = read(reader, ids);
      long toCanary = got.values().stream().filter(r -> r.modelVersion() == canary).count();
      System.out.printf("canary 30%%: %d of 500 requests went to v%d%n", toCanary, canary);
      // 500 draws at p = 0.3 have a standard deviation of 10.2 requests; allow 3 of them.
      assertTrue(Math.abs(toCanary - 150) <= 31, toCanary + " of 500 went to the canary");
      assertEquals(
          500, toCanary + got.values().stream().filter(r -> r.modelVersion() == live).count());

      // The same request ids again (a retry): each goes to the version it went to before.
      for (String id : ids.subList(0, 100)) {
        pub.publish(id, MODEL, image, "image/png", Map.of(), false);
      }
      pub.flush();
      for (Received r : read(reader, ids.subList(0, 100)).values()) {
        assertEquals(got.get(r.requestId()).modelVersion(), r.modelVersion(), r.requestId());
      }

      Object[] rb = cli("rollback", "--model", MODEL);
      assertEquals(0, rb[0], (String) rb[1]);
      awaitRouting("v" + live);
      assertAll(pub, reader, v -> v == live);

      c = cli("deploy", "--model", MODEL, "--from", better.toString(), "--canary", "30");
      assertEquals(0, c[0], (String) c[1]);
      assertEquals(canary, state().getCanary().getVersion(), "the same file keeps its version");
      Object[] promoted = cli("promote", "--model", MODEL);
      assertEquals(0, promoted[0], (String) promoted[1]);
      awaitRouting("v" + canary);
      assertAll(pub, reader, v -> v == canary);
    }
    Object[] retire = cli("retire", "--model", MODEL, "--version", Integer.toString(canary));
    assertEquals(1, retire[0], "the live version cannot be retired");
    Object[] retireOld = cli("retire", "--model", MODEL, "--version", "1");
    assertEquals(0, retireOld[0], (String) retireOld[1]);
    assertEquals(List.of(1), state().getRetired());
    Object[] backTo1 = cli("rollback", "--model", MODEL, "--to", "1");
    assertEquals(1, backTo1[0], "a retired version cannot come back");
  }

  static void assertAll(Publisher pub, ResultReader reader, IntPredicate version) throws Exception {
    for (Received r : read(reader, publish(pub, 50, 0)).values()) {
      assertTrue(version.test(r.modelVersion()), r.requestId() + " v" + r.modelVersion());
    }
  }

  static void awaitRouting(String expected) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (StreamService s : instances) {
      while (!expected.equals(s.models().describe().get(MODEL))) {
        assertTrue(
            System.nanoTime() < end, "routing " + s.models().describe() + ", not " + expected);
        Thread.sleep(20);
      }
    }
  }
}
