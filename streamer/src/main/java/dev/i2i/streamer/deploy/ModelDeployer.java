package dev.i2i.streamer.deploy;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The repository side of the deployment commands: verifies a model, gates it on quality, copies it
 * into the repository as the next version, and announces the model's new state on the models topic.
 * Every refusal is an exception whose message says why; nothing is announced then.
 */
public final class ModelDeployer {
  private final ModelRepository repo;
  private final ModelsTopic topic;
  private final Device device;
  private final PrintStream out;

  public ModelDeployer(ModelRepository repo, ModelsTopic topic, Device device, PrintStream out) {
    this.repo = repo;
    this.topic = topic;
    this.device = device;
    this.out = out;
  }

  /** Refused by a check; the message is for the user. */
  public static final class Refused extends IllegalStateException {
    public Refused(String message) {
      super(message);
    }
  }

  /** The model's current state as announced (or implied by the repository for a new model). */
  public DeploymentPlan plan(String model) throws IOException {
    Map<String, ModelDeployment> all = topic.readAll(Duration.ofSeconds(30));
    ModelVersionRef unmanaged = null;
    List<Integer> versions = repo.versions(model);
    if (!all.containsKey(model) && !versions.isEmpty()) {
      unmanaged = ref(repo.open(model, versions.get(versions.size() - 1)));
    }
    return new DeploymentPlan(model, all.get(model), unmanaged, whoAmI());
  }

  /**
   * Deploys an export folder under {@code model}.
   *
   * @param canaryPercent 100 for everyone, 1-99 for a canary
   * @param force skip the quality and domain checks against the live version
   * @param tolerance relative slack of the quality gate
   * @return the version that was deployed
   */
  public int deploy(String model, Path from, int canaryPercent, boolean force, double tolerance)
      throws Exception {
    ModelFolder source = ModelFolder.open(from);
    testTranslation(source);
    DeploymentPlan plan = plan(model);
    ModelFolder existing = sameFile(model, source.card().sha256());
    ModelVersionRef live = plan.live();
    if (existing != null
        && live != null
        && existing.card().version() == live.getVersion()
        && canaryPercent == 100
        && plan.canary() == null) {
      out.printf(
          "%s v%d already is this model and live: nothing to do%n", model, live.getVersion());
      return live.getVersion();
    }
    if (live != null) {
      gate(source.card(), repo.open(model, live.getVersion()).card(), force, tolerance);
    }
    ModelFolder target = existing != null ? existing : copyIn(model, source, plan);
    ModelDeployment next = plan.deploy(ref(target), canaryPercent);
    announce(plan, next);
    return target.card().version();
  }

  private void testTranslation(ModelFolder folder) throws Exception {
    try (OnnxTranslator t = OnnxTranslator.open(folder, device)) {
      double ms = t.warmUp();
      out.printf(
          "%s: card valid, sha256 matches, contract %s fits, test translation %.0f ms%n",
          folder.dir(), folder.card().contract(), ms);
    } catch (IllegalArgumentException | IllegalStateException | ai.onnxruntime.OrtException e) {
      throw new Refused(folder.dir() + " cannot be served: " + e.getMessage());
    }
  }

  private void gate(ModelCard candidate, ModelCard live, boolean force, double tolerance)
      throws Refused {
    List<String> problems = new ArrayList<>();
    if (!candidate.sourceDomain().equals(live.sourceDomain())
        || !candidate.targetDomain().equals(live.targetDomain())) {
      problems.add(
          String.format(
              "it translates %s -> %s, the live v%d %s -> %s",
              candidate.sourceDomain(),
              candidate.targetDomain(),
              live.version(),
              live.sourceDomain(),
              live.targetDomain()));
    }
    problems.addAll(QualityGate.problems(candidate, live, tolerance));
    if (problems.isEmpty()) {
      out.printf("quality gate passed against the live v%d %s%n", live.version(), live.metrics());
    } else if (force) {
      out.println("--force: deploying despite " + String.join("; ", problems));
    } else {
      throw new Refused(
          "refused by the quality gate: "
              + String.join("; ", problems)
              + " (--force deploys it anyway)");
    }
  }

  private ModelFolder sameFile(String model, String sha256) throws IOException {
    for (int v : repo.versions(model)) {
      try {
        ModelFolder f = repo.open(model, v);
        if (f.card().sha256().equals(sha256)) {
          return f;
        }
      } catch (IOException e) {
        out.printf("(skipping %s v%d: %s)%n", model, v, e.getMessage());
      }
    }
    return null;
  }

  private ModelFolder copyIn(String model, ModelFolder source, DeploymentPlan plan)
      throws IOException {
    ModelFolder added =
        repo.addVersion(
            model,
            Files.readAllBytes(source.onnxFile()),
            source.card(),
            0,
            highestNamed(plan),
            ModelRepository.StagedCheck.NONE);
    out.printf(
        "copied %s into %s as %s v%d%n", source.dir(), repo.root(), model, added.card().version());
    return added;
  }

  /** The highest version the deployment history names: a retired number is never reused. */
  private static int highestNamed(DeploymentPlan plan) {
    int max = 0;
    ModelDeployment d = plan.current();
    if (d != null) {
      max = Math.max(max, d.getLive() == null ? 0 : d.getLive().getVersion());
      max = Math.max(max, d.getCanary() == null ? 0 : d.getCanary().getVersion());
      for (ModelVersionRef r : d.getPrevious()) {
        max = Math.max(max, r.getVersion());
      }
      for (int r : d.getRetired()) {
        max = Math.max(max, r);
      }
    }
    return max;
  }

  /** Promotes the canary. */
  public void promote(String model) throws Exception {
    DeploymentPlan plan = plan(model);
    announce(plan, plan.promote());
  }

  /** Drops the canary, or brings back the previous version, or {@code to} when given. */
  public void rollback(String model, Integer to) throws Exception {
    DeploymentPlan plan = plan(model);
    if (to == null) {
      announce(plan, plan.rollback());
      return;
    }
    ModelFolder target = repo.open(model, to);
    testTranslation(target);
    announce(plan, plan.rollbackTo(ref(target)));
  }

  /** Marks a version as never to be served again. */
  public void retire(String model, int version) throws Exception {
    DeploymentPlan plan = plan(model);
    if (!repo.versions(model).contains(version)) {
      throw new Refused(model + " has no version " + version + " in " + repo.root());
    }
    announce(plan, plan.retire(version));
  }

  private void announce(DeploymentPlan plan, ModelDeployment next) throws Exception {
    if (plan.unchanged(next)) {
      out.printf("%s already serves %s: nothing announced%n", next.getModel(), describe(next));
      return;
    }
    topic.announce(next);
    out.printf(
        "announced on %s: %s %s -> %s%n",
        topic.name(), next.getModel(), next.getAction(), describe(next));
  }

  /** E.g. {@code v2 (canary v3 at 30%)}. */
  public static String describe(ModelDeployment d) {
    if (d.getLive() == null) {
      return "nothing";
    }
    String s = "v" + d.getLive().getVersion();
    return d.getCanary() == null
        ? s
        : s + " (canary v" + d.getCanary().getVersion() + " at " + d.getCanaryPercent() + "%)";
  }

  static ModelVersionRef ref(ModelFolder f) {
    return new ModelVersionRef(
        f.card().version(), f.card().name() + "/" + f.card().version(), f.card().sha256());
  }

  private static String whoAmI() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }
}
