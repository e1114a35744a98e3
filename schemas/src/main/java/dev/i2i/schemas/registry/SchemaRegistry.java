package dev.i2i.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;

/**
 * A client of a schema registry's Confluent-compatible REST API (Confluent Schema Registry,
 * Apicurio's {@code /apis/ccompat/v7}, Karapace, Redpanda): registers Avro schemas under a subject
 * and looks writer schemas up by id. Configured with the property names Confluent's serializers
 * use, so the same client config file serves both. Ids and schemas are cached for the life of the
 * client (a registry never changes the schema behind an id). Safe for many threads.
 */
public final class SchemaRegistry {
  /** The registry's address, or several separated by commas (tried in order). */
  public static final String URL = "schema.registry.url";

  /** {@code USER_INFO} (credentials from {@link #USER_INFO}) or {@code URL} (from the URL). */
  public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password} for HTTP basic authentication. */
  public static final String USER_INFO = "basic.auth.user.info";

  /** Prefix of the TLS settings: {@code truststore.location}, {@code keystore.password}, ... */
  public static final String SSL = "schema.registry.ssl.";

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 3;

  private final List<URI> urls;
  private final String authorization;
  private final HttpClient http;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();

  private SchemaRegistry(List<URI> urls, String authorization, SSLContext tls) {
    this.urls = urls;
    this.authorization = authorization;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
  }

  /**
   * A client from Confluent-style properties, or null when {@value #URL} is not set. Unknown values
   * are refused with the allowed ones.
   */
  public static SchemaRegistry of(Map<String, String> config) throws IOException {
    String url = config.get(URL);
    if (url == null || url.isBlank()) {
      return null;
    }
    List<URI> urls = new ArrayList<>();
    String fromUrl = null;
    for (String u : url.split(",")) {
      URI uri = URI.create(u.trim());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            URL + " '" + u.trim() + "' is not an http:// or https:// address");
      }
      if (uri.getUserInfo() != null) {
        fromUrl = uri.getUserInfo();
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
      urls.add(URI.create(uri.getScheme() + "://" + uri.getHost() + port(uri) + path));
    }
    String source = config.getOrDefault(CREDENTIALS_SOURCE, "");
    String userInfo =
        switch (source.isEmpty() ? (config.containsKey(USER_INFO) ? "USER_INFO" : "URL") : source) {
          case "USER_INFO" -> config.get(USER_INFO);
          case "URL" -> fromUrl;
          default ->
              throw new IllegalArgumentException(
                  CREDENTIALS_SOURCE + " '" + source + "' is not one of USER_INFO, URL");
        };
    String authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    return new SchemaRegistry(urls, authorization, tls(config));
  }

  private static String port(URI uri) {
    return uri.getPort() < 0 ? "" : ":" + uri.getPort();
  }

  /** The TLS context from {@value #SSL}{@code truststore.*} and {@code keystore.*}, or null. */
  private static SSLContext tls(Map<String, String> config) throws IOException {
    String trust = config.get(SSL + "truststore.location");
    String keys = config.get(SSL + "keystore.location");
    if (trust == null && keys == null) {
      return null;
    }
    try {
      TrustManagerFactory tmf = null;
      if (trust != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(config, "truststore", trust));
      }
      KeyManagerFactory kmf = null;
      if (keys != null) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword =
            config.getOrDefault(SSL + "key.password", config.get(SSL + "keystore.password"));
        kmf.init(
            load(config, "keystore", keys),
            keyPassword == null ? new char[0] : keyPassword.toCharArray());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("schema registry TLS settings: " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Map<String, String> config, String kind, String location)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(config.getOrDefault(SSL + kind + ".type", "PKCS12"));
    String password = config.get(SSL + kind + ".password");
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    return store;
  }

  /** The first address, for messages. */
  public String url() {
    return urls.get(0).toString();
  }

  /**
   * Registers {@code schema} under {@code subject} (or finds it, when it is already there) and
   * returns its id.
   */
  public int register(String subject, Schema schema) throws IOException {
    String key = subject + '\n' + schema;
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    JsonNode reply =
        call(
            "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions",
            body,
            "register the " + schema.getFullName() + " schema under subject '" + subject + "'");
    int id = reply.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException(url() + " answered a registration without an id", false);
    }
    ids.put(key, id);
    byId.putIfAbsent(id, schema);
    return id;
  }

  /** The schema registered under {@code id}. */
  public Schema schema(int id) throws IOException {
    Schema cached = byId.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode reply = call("/schemas/ids/" + id, null, "look up schema id " + id);
    String type = reply.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new SchemaRegistryException("schema id " + id + " is " + type + ", not Avro", false);
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(reply.path("schema").asText());
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(
          "schema id " + id + " is not a valid Avro schema: " + e.getMessage(), false);
    }
    byId.putIfAbsent(id, schema);
    return schema;
  }

  /** One call, tried on each address and again after a pause while the registry is unreachable. */
  private JsonNode call(String path, String body, String what) throws IOException {
    SchemaRegistryException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      for (URI base : urls) {
        try {
          return once(base, path, body, what);
        } catch (SchemaRegistryException e) {
          if (!e.unavailable()) {
            throw e;
          }
          last = e;
        }
      }
      pause(attempt);
    }
    throw last;
  }

  private JsonNode once(URI base, String path, String body, String what) throws IOException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    if (body != null) {
      req.header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpTimeoutException e) {
      throw new SchemaRegistryException(
          "cannot " + what + ": the schema registry at " + base + " is unreachable (" + e + ")",
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while trying to " + what, e);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "cannot " + what + " at " + base + ": " + e.getMessage(), true);
    }
    JsonNode json = parse(resp.body());
    int status = resp.statusCode();
    if (status / 100 == 2) {
      return json;
    }
    String message = json.path("message").asText(resp.body());
    String hint =
        status == 401 || status == 403
            ? " (set " + USER_INFO + "=user:password in the config file, or check it)"
            : "";
    throw new SchemaRegistryException(
        "cannot " + what + ": " + base + " answered " + status + " " + message + hint,
        status >= 500);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static void pause(int attempt) throws IOException {
    if (attempt == ATTEMPTS - 1) {
      return;
    }
    try {
      Thread.sleep(250L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the schema registry", e);
    }
  }
}
