package dev.i2i.streamer.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the service's topics when they are missing. */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  public static void ensure(
      KafkaSettings kafka,
      List<String> topics,
      int partitions,
      short replication,
      int maxMessageBytes)
      throws Exception {
    ensure(
        kafka,
        topics,
        partitions,
        replication,
        Map.of("max.message.bytes", Integer.toString(maxMessageBytes)));
  }

  /** Creates the missing topics among {@code topics} with the given topic configs. */
  public static void ensure(
      KafkaSettings kafka,
      List<String> topics,
      int partitions,
      short replication,
      Map<String, String> configs)
      throws Exception {
    try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : topics) {
        if (!existing.contains(t)) {
          missing.add(new NewTopic(t, partitions, replication).configs(configs));
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
            replication);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }
}
