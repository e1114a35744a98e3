package dev.i2i.streamer.deploy;

import dev.i2i.schemas.avro.DeploymentAction;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How each command changes a model's state. Pure: it takes the current state (null for a model that
 * was never announced, whose live version is then the repository's highest) and returns the next
 * one, or fails with a message saying why the command makes no sense now.
 */
public final class DeploymentPlan {
  private final String model;
  private final ModelDeployment current;
  private final String by;

  /**
   * @param model model name
   * @param current its state on the models topic, or null
   * @param unmanagedLive what serves a never-announced model (its highest repository version), or
   *     null
   * @param by user and host, recorded in the event
   */
  public DeploymentPlan(
      String model, ModelDeployment current, ModelVersionRef unmanagedLive, String by) {
    this.model = model;
    this.by = by;
    this.current =
        current != null
            ? current
            : unmanagedLive == null
                ? null
                : state(DeploymentAction.DEPLOY, unmanagedLive, null, 0, List.of(), List.of());
  }

  /** The state as instances see it now (null when nothing was ever served). */
  public ModelDeployment current() {
    return current;
  }

  public ModelVersionRef live() {
    return current == null ? null : current.getLive();
  }

  public ModelVersionRef canary() {
    return current == null ? null : current.getCanary();
  }

  /** {@code next} goes live for everyone, or takes {@code canaryPercent} of requests (1-99). */
  public ModelDeployment deploy(ModelVersionRef next, int canaryPercent) {
    if (canaryPercent < 1 || canaryPercent > 100) {
      throw new IllegalArgumentException("--canary must be 1-99 (100 deploys for everyone)");
    }
    if (retired().contains(next.getVersion())) {
      throw new IllegalStateException(model + " v" + next.getVersion() + " is retired");
    }
    if (canaryPercent < 100) {
      if (live() == null) {
        throw new IllegalStateException(
            model + " has no live version for a canary to share with: deploy without --canary");
      }
      return state(DeploymentAction.CANARY, live(), next, canaryPercent, previous(), retired());
    }
    return state(DeploymentAction.DEPLOY, next, null, 0, pushLive(next), retired());
  }

  /** The canary becomes the live version. */
  public ModelDeployment promote() {
    if (canary() == null) {
      throw new IllegalStateException(model + " has no canary to promote");
    }
    return state(DeploymentAction.PROMOTE, canary(), null, 0, pushLive(canary()), retired());
  }

  /**
   * Drops the canary if there is one; otherwise the previous live version comes back. The version
   * rolled back from is not kept as a rollback target.
   */
  public ModelDeployment rollback() {
    if (canary() != null) {
      return state(DeploymentAction.ROLLBACK, live(), null, 0, previous(), retired());
    }
    List<ModelVersionRef> prev = previous();
    if (prev.isEmpty()) {
      throw new IllegalStateException(
          model
              + (live() == null ? " is not served" : " v" + live().getVersion() + " is live")
              + " and there is no earlier version to roll back to");
    }
    ModelVersionRef back = prev.remove(prev.size() - 1);
    return state(DeploymentAction.ROLLBACK, back, null, 0, prev, retired());
  }

  /** {@code target} (a verified repository version) goes live; the canary, if any, is dropped. */
  public ModelDeployment rollbackTo(ModelVersionRef target) {
    if (retired().contains(target.getVersion())) {
      throw new IllegalStateException(
          model + " v" + target.getVersion() + " is retired and cannot be served again");
    }
    List<ModelVersionRef> prev = previous();
    prev.removeIf(r -> r.getVersion() == target.getVersion());
    return state(DeploymentAction.ROLLBACK, target, null, 0, prev, retired());
  }

  /** The version may never be served again; a live version must be replaced first. */
  public ModelDeployment retire(int version) {
    if (live() != null && live().getVersion() == version) {
      throw new IllegalStateException(
          model
              + " v"
              + version
              + " is live: deploy or roll back to another version before retiring it");
    }
    List<Integer> retired = retired();
    if (!retired.contains(version)) {
      retired.add(version);
    }
    List<ModelVersionRef> prev = previous();
    prev.removeIf(r -> r.getVersion() == version);
    boolean canary = canary() != null && canary().getVersion() == version;
    return state(
        DeploymentAction.RETIRE,
        live(),
        canary ? null : canary(),
        canary ? 0 : current.getCanaryPercent(),
        prev,
        retired);
  }

  /** True when {@code next} serves exactly what the current state serves. */
  public boolean unchanged(ModelDeployment next) {
    return current != null
        && same(current.getLive(), next.getLive())
        && same(current.getCanary(), next.getCanary())
        && current.getCanaryPercent() == next.getCanaryPercent()
        && new ArrayList<>(current.getRetired()).equals(new ArrayList<>(next.getRetired()));
  }

  private static boolean same(ModelVersionRef a, ModelVersionRef b) {
    return a == null
        ? b == null
        : b != null && a.getVersion() == b.getVersion() && a.getSha256().equals(b.getSha256());
  }

  private List<ModelVersionRef> pushLive(ModelVersionRef next) {
    List<ModelVersionRef> prev = previous();
    if (live() != null && live().getVersion() != next.getVersion()) {
      prev.removeIf(r -> r.getVersion() == live().getVersion());
      prev.add(live());
    }
    prev.removeIf(r -> r.getVersion() == next.getVersion());
    return prev;
  }

  private List<ModelVersionRef> previous() {
    return current == null ? new ArrayList<>() : new ArrayList<>(current.getPrevious());
  }

  private List<Integer> retired() {
    return current == null ? new ArrayList<>() : new ArrayList<>(current.getRetired());
  }

  private ModelDeployment state(
      DeploymentAction action,
      ModelVersionRef live,
      ModelVersionRef canary,
      int percent,
      List<ModelVersionRef> previous,
      List<Integer> retired) {
    return ModelDeployment.newBuilder()
        .setModel(model)
        .setAction(action)
        .setLive(live)
        .setCanary(canary)
        .setCanaryPercent(percent)
        .setPrevious(previous)
        .setRetired(retired)
        .setAnnouncedAt(Instant.now())
        .setAnnouncedBy(by)
        .build();
  }
}
