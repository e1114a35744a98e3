package dev.i2i.streamer.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the service's topics when they are missing, the way a real cluster expects: the broker's
 * default replication unless one is given, {@code min.insync.replicas} 2 when replicated, and
 * checks existing topics' settings with the command that fixes a mismatch.
 */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * Creates the missing topics among {@code topics} with the given topic configs.
   *
   * @param replication replication factor, or -1 for the broker's {@code
   *     default.replication.factor}
   */
  public static void ensure(
      KafkaSettings kafka,
      List<String> topics,
      int partitions,
      short replication,
      Map<String, String> configs)
      throws Exception {
    Map<String, String> all = new HashMap<>(configs);
    if (replication > 1) {
      // With more than one replica, a write acknowledged by all in-sync replicas should survive
      // the loss of one broker.
      all.putIfAbsent("min.insync.replicas", "2");
    }
    try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : topics) {
        if (!existing.contains(t)) {
          Optional<Short> r = replication > 0 ? Optional.of(replication) : Optional.empty();
          missing.add(new NewTopic(t, Optional.of(partitions), r).configs(all));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.info(
            "created topics {} ({} partitions, replication {})",
            missing.stream().map(NewTopic::name).toList(),
            partitions,
            replication > 0 ? replication : "broker default");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /**
   * Warns, with the fix, about topics that take smaller records than the service was configured
   * for: a result or dead letter over the topic's limit is still handled (a smaller dead letter),
   * but users should know why their large images fail.
   */
  public static List<String> warnIfSmaller(Admin admin, List<String> topics, int wanted)
      throws Exception {
    List<String> warnings = new ArrayList<>();
    for (var e : RecordLimits.maxMessageBytes(admin, topics).entrySet()) {
      if (e.getValue() < wanted) {
        String w =
            String.format(
                "topic %s takes records up to %,d bytes (max.message.bytes), less than the %,d"
                    + " the service is configured for; larger results become RESULT_TOO_LARGE"
                    + " dead letters. To raise it: kafka-configs.sh --alter --entity-type topics"
                    + " --entity-name %s --add-config max.message.bytes=%d",
                e.getKey(), e.getValue(), wanted, e.getKey(), wanted);
        LOG.warn(w);
        warnings.add(w);
      }
    }
    return warnings;
  }

  /** The value of one config of an existing topic (its own or the broker's default). */
  public static String config(Admin admin, String topic, String name) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config c = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
    ConfigEntry e = c.get(name);
    return e == null ? null : e.value();
  }
}
