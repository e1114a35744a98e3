package dev.i2i.streamer.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The largest record (key, value and headers, as {@link RecordSize} counts them) the service may
 * write to each of its output topics: the smaller of the topic's own {@code max.message.bytes} and
 * the producer's {@code max.request.size}. Read from the real topics at start, never assumed.
 *
 * @param results limit of the results topic
 * @param deadLetters limit of the dead-letter topic
 */
public record RecordLimits(int results, int deadLetters) {
  /** Below this a dead letter cannot carry its reason, let alone a part of the original. */
  public static final int MINIMUM = 4096;

  public RecordLimits {
    if (results < MINIMUM || deadLetters < MINIMUM) {
      throw new IllegalArgumentException(
          "record limits must be at least "
              + MINIMUM
              + " bytes, got results "
              + results
              + " and dead letters "
              + deadLetters);
    }
  }

  /** The same limit for both topics (tests, and clients that know their topics). */
  public static RecordLimits of(int bytes) {
    return new RecordLimits(bytes, bytes);
  }

  /** Reads both topics' {@code max.message.bytes} and caps them at {@code maxRequestSize}. */
  public static RecordLimits read(
      Admin admin, String resultsTopic, String deadLetterTopic, int maxRequestSize)
      throws Exception {
    Map<String, Integer> topicMax = maxMessageBytes(admin, List.of(resultsTopic, deadLetterTopic));
    return new RecordLimits(
        Math.min(topicMax.get(resultsTopic), maxRequestSize),
        Math.min(topicMax.get(deadLetterTopic), maxRequestSize));
  }

  /** Each topic's effective {@code max.message.bytes} (its own or the broker's default). */
  public static Map<String, Integer> maxMessageBytes(Admin admin, List<String> topics)
      throws Exception {
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    Map<String, Integer> out = new java.util.HashMap<>();
    for (ConfigResource r : resources) {
      ConfigEntry e = configs.get(r).get("max.message.bytes");
      out.put(r.name(), e == null || e.value() == null ? 1048588 : Integer.parseInt(e.value()));
    }
    return out;
  }

  /** True when a record of this size may be written to the results topic. */
  public boolean fitsResults(long recordBytes) {
    return recordBytes <= results;
  }
}
