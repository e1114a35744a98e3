package dev.i2i.streamer.kafka;

import dev.i2i.schemas.registry.SchemaRegistry;
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

  private static boolean isRegistrySetting(String key) {
    return key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
  }

  /** The producer's {@code max.request.size}: the config file's, else the default. */
  public int maxRecordBytes() {
    String v = extra.get("max.request.size");
    return v == null ? DEFAULT_MAX_RECORD_BYTES : Integer.parseInt(v.trim());
  }

  /**
   * These settings with the schema registry at {@code url} (none when null): the same as {@code
   * schema.registry.url} in the config file, which this overrides.
   */
  public KafkaSettings withSchemaRegistry(String url) {
    if (url == null) {
      return this;
    }
    Map<String, String> with = new HashMap<>(extra);
    with.put(SchemaRegistry.URL, url);
    return new KafkaSettings(bootstrapServers, with);
  }

  /**
   * A client of the schema registry the settings name ({@code schema.registry.url}, with
   * Confluent's {@code basic.auth.*} and {@code schema.registry.ssl.*} settings), or null.
   */
  public SchemaRegistry schemaRegistry() throws IOException {
    return SchemaRegistry.of(extra);
  }

  /**
   * Client properties: the file's settings (but the schema registry's, which Kafka's clients do not
   * know), then bootstrap servers, then {@code overrides}.
   */
  public Properties clientProperties(Map<String, Object> overrides) {
    Properties p = new Properties();
    extra.forEach(
        (k, v) -> {
          if (!isRegistrySetting(k)) {
            p.put(k, v);
          }
        });
    p.put("bootstrap.servers", bootstrapServers);
    p.putAll(overrides);
    return p;
  }
}
