package dev.i2i.streamer.serve;

import dev.i2i.runtime.ModelRepository;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this instance serves, swapped under a running stream. A deployment is loaded and
 * checked on the caller's thread (the models-topic follower) while the current versions keep
 * serving; only when every version it names is ready is the new routing installed, in one step.
 * Swapped-out sessions close when their last translation ends. A version that fails any check is
 * refused with a log line and a metric, and the previous routing stays.
 */
public final class HotSwapRegistry implements ModelLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HotSwapRegistry.class);

  private final VersionLoader loader;
  private final Set<String> only;
  private final Metrics metrics;
  private final Map<String, Routing> routes = new ConcurrentHashMap<>();
  private final Set<String> managed = new HashSet<>();
  private final Set<String> expected = ConcurrentHashMap.newKeySet();

  /**
   * @param loader loads and checks versions
   * @param only model names to serve; empty serves every name
   * @param metrics where swaps and refusals are counted
   */
  public HotSwapRegistry(VersionLoader loader, List<String> only, Metrics metrics) {
    this.loader = loader;
    this.only = new TreeSet<>(only);
    this.metrics = metrics;
  }

  /**
   * Serves the highest version in the repository of every model no deployment has named yet (models
   * that were copied into the repository by hand, like the bundled ones).
   */
  public synchronized void serveUnmanaged(ModelRepository repo) throws IOException {
    List<String> names = only.isEmpty() ? repo.names() : List.copyOf(only);
    for (String name : names) {
      if (managed.contains(name) || routes.containsKey(name)) {
        continue;
      }
      List<Integer> versions = repo.versions(name);
      if (versions.isEmpty()) {
        LOG.error("model {} has no versions in {}", name, repo.root());
        continue;
      }
      int v = versions.get(versions.size() - 1);
      expected.add(name);
      LoadedVersion live = load(name, v, name + "/" + v, null);
      if (live != null) {
        install(name, new Routing(live, null, 0), "repository");
      }
    }
  }

  /** Applies a deployment; announcing the state already served changes nothing. */
  public synchronized void apply(ModelDeployment d) {
    String name = d.getModel();
    if (!only.isEmpty() && !only.contains(name)) {
      return;
    }
    managed.add(name);
    Routing current = routes.get(name);
    if (d.getLive() != null) {
      expected.add(name);
    } else {
      expected.remove(name);
    }
    if (d.getLive() == null) {
      if (current != null) {
        routes.remove(name);
        release(current, null);
        metrics.set(Meters.LIVE_VERSION, 0, name);
        LOG.info("{} is no longer served ({})", name, d.getAction());
      }
      return;
    }
    LoadedVersion live = reuseOrLoad(name, d.getLive(), current);
    if (live == null && current == null) {
      // Nothing serves this model here yet (a new instance): fall back to the versions that were
      // live before, newest first, rather than serve nothing.
      List<ModelVersionRef> previous = new ArrayList<>(d.getPrevious());
      for (int i = previous.size() - 1; i >= 0 && live == null; i--) {
        live = reuseOrLoad(name, previous.get(i), null);
        if (live != null) {
          LOG.warn("{}: serving the earlier v{} instead", name, live.version());
          install(name, new Routing(live, null, 0), "fallback");
        }
      }
      return;
    }
    if (live == null) {
      return;
    }
    LoadedVersion canary = null;
    int percent = 0;
    if (d.getCanary() != null && d.getCanaryPercent() > 0) {
      canary = reuseOrLoad(name, d.getCanary(), current);
      if (canary == null && current != null && current.live() == live) {
        return; // the canary is refused; what serves now (live and any earlier canary) stays
      }
      // Refused canary on an instance with nothing, or another, live version: serve the
      // announced live version alone rather than nothing.
      percent = canary == null ? 0 : d.getCanaryPercent();
    }
    Routing next = new Routing(live, canary, percent);
    if (current != null
        && current.live() == live
        && current.canary() == canary
        && current.canaryPercent() == percent) {
      LOG.info("{} already serves {} ({} announced again)", name, next.describe(), d.getAction());
      return;
    }
    install(name, next, d.getAction().toString());
  }

  private LoadedVersion reuseOrLoad(String name, ModelVersionRef ref, Routing current) {
    if (current != null) {
      for (LoadedVersion v : new LoadedVersion[] {current.live(), current.canary()}) {
        if (v != null && v.version() == ref.getVersion() && v.sha256().equals(ref.getSha256())) {
          return v;
        }
      }
    }
    return load(name, ref.getVersion(), ref.getLocation(), ref.getSha256());
  }

  private LoadedVersion load(String name, int version, String location, String sha256) {
    try {
      return loader.load(name, version, location, sha256);
    } catch (Exception | LinkageError e) {
      metrics.inc(Meters.REFUSALS, name, Integer.toString(version));
      Routing current = routes.get(name);
      LOG.error(
          "REFUSED {} v{}: {} - {}",
          name,
          version,
          e.getMessage(),
          current == null ? "nothing serves " + name : "still serving " + current.describe());
      return null;
    }
  }

  private void install(String name, Routing next, String why) {
    Routing previous = routes.put(name, next);
    metrics.set(Meters.LIVE_VERSION, next.live().version(), name);
    metrics.set(Meters.CANARY_PERCENT, next.canaryPercent(), name);
    metrics.inc(Meters.SWAPS, name, Integer.toString(next.live().version()));
    LOG.info(
        "{} now serves {} ({}{})",
        name,
        next.describe(),
        why,
        previous == null ? "" : ", was " + previous.describe());
    if (previous != null) {
      release(previous, next);
    }
  }

  private static void release(Routing old, Routing next) {
    for (LoadedVersion v : new LoadedVersion[] {old.live(), old.canary()}) {
      if (v != null && (next == null || !next.uses(v))) {
        v.release();
      }
    }
  }

  @Override
  public Optional<ModelLease> acquire(String name, String requestId) {
    while (true) {
      Routing r = routes.get(name);
      if (r == null) {
        return Optional.empty();
      }
      LoadedVersion v = r.choose(requestId);
      if (v.tryAcquire()) {
        return Optional.of(v.lease());
      }
      // Swapped out between reading the routing and taking the reference: read it again.
      Thread.onSpinWait();
    }
  }

  @Override
  public Set<String> names() {
    return new TreeSet<>(routes.keySet());
  }

  /** What each model serves, e.g. {@code summer2winter -> v2 + canary v3 at 30%}. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    routes.forEach((k, v) -> out.put(k, v.describe()));
    return out;
  }

  /**
   * Models this instance should serve but does not (every version it was told to serve was
   * refused): readiness says NOT_READY while any is missing.
   */
  public Set<String> missing() {
    Set<String> m = new TreeSet<>(expected);
    m.removeAll(routes.keySet());
    return m;
  }

  /** The live version of a model, or -1 when it is not served. */
  public int liveVersion(String name) {
    Routing r = routes.get(name);
    return r == null ? -1 : r.live().version();
  }

  @Override
  public synchronized void close() {
    List<Routing> all = new ArrayList<>(routes.values());
    routes.clear();
    for (Routing r : all) {
      release(r, null);
    }
  }
}
