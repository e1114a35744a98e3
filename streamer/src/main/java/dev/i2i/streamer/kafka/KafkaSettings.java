package dev.i2i.streamer.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka client settings: the bootstrap servers plus anything from a properties file (security
 * protocol, SASL, TLS trust stores, ...), passed through unchanged to every client i2i makes.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> extra) {
  /** Largest record i2i's clients send or fetch unless the config file says otherwise. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("--bootstrap-servers is required (or use --embedded)");
    }
    extra = Map.copyOf(extra);
  }

  public static KafkaSettings of(String bootstrapServers, Path propertiesFile) throws IOException {
    Map<String, String> extra = new HashMap<>();
    if (propertiesFile != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(propertiesFile)) {
        p.load(r);
      }
      p.stringPropertyNames().forEach(k -> extra.put(k, p.getProperty(k)));
    }
    return new KafkaSettings(bootstrapServers, extra);
  }

  /** The producer's {@code max.request.size}: the config file's, else the default. */
  public int maxRecordBytes() {
    String v = extra.get("max.request.size");
    return v == null ? DEFAULT_MAX_RECORD_BYTES : Integer.parseInt(v.trim());
  }

  /** Client properties: the file's settings, then bootstrap servers, then {@code overrides}. */
  public Properties clientProperties(Map<String, Object> overrides) {
    Properties p = new Properties();
    p.putAll(extra);
    p.put("bootstrap.servers", bootstrapServers);
    p.putAll(overrides);
    return p;
  }
}
