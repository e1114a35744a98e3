package dev.i2i.streamer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.avro.DeploymentAction;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HotSwapRegistryTest {
  static {
    dev.i2i.schemas.AvroCodec.deployments(); // trusts the generated classes, whatever runs first
  }

  /** Versions whose translator fails once their session was closed; version 13 never loads. */
  static final class FakeLoader implements VersionLoader {
    final Map<Integer, AtomicBoolean> closed = new ConcurrentHashMap<>();
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public LoadedVersion load(String name, int version, String location, String sha) {
      if (version == 13) {
        throw new IllegalStateException("test translation returned NaN");
      }
      loads.incrementAndGet();
      AtomicBoolean isClosed = new AtomicBoolean();
      closed.put(version, isClosed);
      ServedModel m =
          new ServedModel(
              name,
              version,
              img -> {
                if (isClosed.get()) {
                  throw new IllegalStateException("v" + version + " used after close");
                }
                return img;
              });
      return new LoadedVersion(m, sha, () -> isClosed.set(true));
    }
  }

  static ModelDeployment state(int live, Integer canary, int percent) {
    return ModelDeployment.newBuilder()
        .setModel("m")
        .setAction(canary == null ? DeploymentAction.DEPLOY : DeploymentAction.CANARY)
        .setLive(ref(live))
        .setCanary(canary == null ? null : ref(canary))
        .setCanaryPercent(percent)
        .setAnnouncedAt(Instant.now())
        .build();
  }

  static ModelVersionRef ref(int v) {
    return new ModelVersionRef(v, "m/" + v, "sha" + v);
  }

  static int version(HotSwapRegistry r, String id) {
    try (ModelLease l = r.acquire("m", id).orElseThrow()) {
      return l.model().version();
    }
  }

  @Test
  void swapKeepsAnOldSessionOpenUntilItsLastTranslationEnds() throws Exception {
    FakeLoader loader = new FakeLoader();
    Metrics metrics = new Metrics();
    HotSwapRegistry r = new HotSwapRegistry(loader, List.of(), metrics);
    r.apply(state(1, null, 0));
    ModelLease held = r.acquire("m", "a").orElseThrow();
    r.apply(state(2, null, 0));
    assertEquals(2, version(r, "b"));
    assertFalse(loader.closed.get(1).get(), "v1 is still translating");
    held.model().translator().translate(null);
    held.close();
    assertTrue(loader.closed.get(1).get(), "v1 closed after its last translation");

    r.apply(state(13, null, 0));
    assertEquals(2, version(r, "c"), "a refused version leaves the live one serving");
    assertEquals(1, metrics.value(Meters.REFUSALS, "m", "13"));

    int loads = loader.loads.get();
    r.apply(state(2, null, 0));
    assertEquals(loads, loader.loads.get(), "announcing the live version again loads nothing");
    assertEquals(1, metrics.value(Meters.SWAPS, "m", "2"));
    r.close();
    assertTrue(loader.closed.get(2).get());
  }

  @Test
  void canaryTakesItsShareByRequestIdAndPromotionReusesTheLoadedVersion() {
    FakeLoader loader = new FakeLoader();
    HotSwapRegistry r = new HotSwapRegistry(loader, List.of(), new Metrics());
    r.apply(state(1, null, 0));
    r.apply(state(1, 2, 30));
    int canary = 0;
    for (int i = 0; i < 2000; i++) {
      int v = version(r, "req-" + i);
      assertEquals(v, version(r, "req-" + i), "the same id always goes to the same version");
      canary += v == 2 ? 1 : 0;
    }
    assertTrue(Math.abs(canary / 2000.0 - 0.30) < 0.03, "canary share " + canary / 2000.0);
    int loads = loader.loads.get();
    r.apply(state(2, null, 0));
    assertEquals(loads, loader.loads.get(), "promotion reuses the canary's session");
    assertTrue(loader.closed.get(1).get());
    assertEquals(2, version(r, "req-1"));
    r.apply(state(2, 13, 50));
    assertEquals(Map.of("m", "v2"), r.describe(), "a refused canary changes nothing");
  }

  @Test
  void manyThreadsTranslatingThroughFiftySwapsNeverUseAClosedSession() throws Exception {
    FakeLoader loader = new FakeLoader();
    HotSwapRegistry r = new HotSwapRegistry(loader, List.of(), new Metrics());
    r.apply(state(1, null, 0));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Thread[] workers = new Thread[4];
    for (int t = 0; t < workers.length; t++) {
      int id = t;
      workers[t] =
          new Thread(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  try (ModelLease l = r.acquire("m", id + "-" + i).orElseThrow()) {
                    l.model().translator().translate(null);
                    done.incrementAndGet();
                  } catch (Exception e) {
                    failures.incrementAndGet();
                  }
                }
              });
      workers[t].start();
    }
    for (int v = 2; v <= 51; v++) {
      r.apply(state(v, v % 3 == 0 ? v - 1 : null, 40));
      Thread.sleep(2);
    }
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    assertEquals(0, failures.get());
    assertTrue(done.get() > 100, "translations done: " + done.get());
    for (int v = 1; v < 50; v++) {
      if (v == 13) {
        continue; // the loader refuses v13
      }
      assertTrue(loader.closed.get(v).get(), "v" + v + " was closed");
    }
    assertFalse(loader.closed.get(51).get(), "live");
    assertFalse(loader.closed.get(50).get(), "canary");
  }

  @Test
  void aRefusedCanaryOnAFreshInstanceStillLeavesTheLiveVersionServing() {
    FakeLoader loader = new FakeLoader();
    Metrics metrics = new Metrics();
    HotSwapRegistry r = new HotSwapRegistry(loader, List.of(), metrics);
    r.apply(state(2, 13, 30)); // a new instance: nothing served yet, the canary never loads
    for (int i = 0; i < 50; i++) {
      assertEquals(2, version(r, "id-" + i), "every request goes to the live version");
    }
    assertTrue(r.missing().isEmpty());
    assertEquals(1, metrics.value(Meters.REFUSALS, "m", "13"));
  }

  @Test
  void aRefusedCanaryKeepsWhatServedBefore() {
    FakeLoader loader = new FakeLoader();
    HotSwapRegistry r = new HotSwapRegistry(loader, List.of(), new Metrics());
    r.apply(state(2, 3, 50));
    r.apply(state(2, 13, 50));
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(version(r, "id-" + i));
    }
    assertEquals(java.util.Set.of(2, 3), seen, "v2 live with the earlier canary v3 still on");
  }
}
