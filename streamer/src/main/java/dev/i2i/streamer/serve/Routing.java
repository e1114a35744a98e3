package dev.i2i.streamer.serve;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where requests for one model name go: the live version, and optionally a canary that takes a
 * fixed share of request ids. Immutable: a swap installs a new routing in one step.
 */
record Routing(LoadedVersion live, LoadedVersion canary, int canaryPercent) {
  Routing {
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException("canary percent must be 0-100, got " + canaryPercent);
    }
  }

  LoadedVersion choose(String requestId) {
    if (canary == null || canaryPercent == 0) {
      return live;
    }
    return bucket(requestId) < canaryPercent ? canary : live;
  }

  /** A request id's bucket, 0-99: murmur2 as Kafka's partitioner, so it is stable everywhere. */
  static int bucket(String requestId) {
    byte[] b = (requestId == null ? "" : requestId).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(b)) % 100;
  }

  boolean uses(LoadedVersion v) {
    return v == live || v == canary;
  }

  String describe() {
    String s = "v" + live.version();
    return canary == null ? s : s + " + canary v" + canary.version() + " at " + canaryPercent + "%";
  }
}
