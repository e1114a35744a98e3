package dev.i2i.schemas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * A minimal schema registry for tests, following the documented Confluent REST API for what i2i
 * calls: {@code POST /subjects/{subject}/versions} (register, or find the same schema's id), {@code
 * GET /schemas/ids/{id}}, {@code GET /subjects}; errors as {@code {"error_code", "message"}} with
 * Confluent's codes (40403 schema not found, 42201 invalid schema, 401 unauthorized); optional
 * basic authentication and TLS. Ids are global: the same schema gets the same id under any subject.
 * Used because no real registry can be built from what this machine's Maven mirror serves (see the
 * README); it speaks the same API, so the client is tested the way a registry would answer.
 */
public final class RegistryStub implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

  private final HttpServer server;
  private final String authorization;
  private final Map<String, Integer> idBySchema = new LinkedHashMap<>();
  private final Map<Integer, String> schemaById = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int failWith;

  private RegistryStub(HttpServer server, String user, String password) {
    this.server = server;
    this.authorization =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Plain HTTP, no authentication, on a free port. */
  public static RegistryStub start() throws IOException {
    return new RegistryStub(
        HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), null, null);
  }

  /** HTTPS with {@code cert}, and basic authentication with {@code user}/{@code password}. */
  public static RegistryStub start(SelfSignedCertificate cert, String user, String password)
      throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(cert.keystore())) {
      ks.load(in, cert.password().toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, cert.password().toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new RegistryStub(https, user, password);
  }

  public String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests answered so far (to check a client's cache). */
  public int calls() {
    return calls.get();
  }

  /** Answers every request with this HTTP status from now on (0: normal again). */
  public void failWith(int status) {
    this.failWith = status;
  }

  /** The ids registered under a subject, oldest first. */
  public synchronized List<Integer> versions(String subject) {
    return List.copyOf(subjects.getOrDefault(subject, List.of()));
  }

  private void handle(HttpExchange x) throws IOException {
    calls.incrementAndGet();
    try (x) {
      if (failWith != 0) {
        send(x, failWith, error(50001, "the stub was told to fail"));
        return;
      }
      if (authorization != null
          && !authorization.equals(x.getRequestHeaders().getFirst("Authorization"))) {
        send(x, 401, error(401, "Unauthorized"));
        return;
      }
      String path = x.getRequestURI().getPath();
      Matcher m;
      if (x.getRequestMethod().equals("POST") && (m = REGISTER.matcher(path)).matches()) {
        register(x, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
      } else if (x.getRequestMethod().equals("GET") && (m = BY_ID.matcher(path)).matches()) {
        byId(x, Integer.parseInt(m.group(1)));
      } else if (x.getRequestMethod().equals("GET") && path.equals("/subjects")) {
        synchronized (this) {
          send(x, 200, JSON.writeValueAsString(subjects.keySet()));
        }
      } else {
        send(x, 404, error(404, "HTTP 404 Not Found"));
      }
    }
  }

  private void register(HttpExchange x, String subject) throws IOException {
    JsonNode body = JSON.readTree(x.getRequestBody());
    String type = body.path("schemaType").asText("AVRO");
    String text = body.path("schema").asText(null);
    String canonical;
    try {
      if (!type.equals("AVRO") || text == null) {
        throw new IllegalArgumentException("only Avro schemas");
      }
      canonical = new Schema.Parser().parse(text).toString();
    } catch (RuntimeException e) {
      send(x, 422, error(42201, "Invalid schema: " + e.getMessage()));
      return;
    }
    int id;
    synchronized (this) {
      id = idBySchema.computeIfAbsent(canonical, k -> idBySchema.size() + 1);
      schemaById.put(id, canonical);
      List<Integer> versions = subjects.computeIfAbsent(subject, k -> new ArrayList<>());
      if (!versions.contains(id)) {
        versions.add(id);
      }
    }
    send(x, 200, "{\"id\":" + id + "}");
  }

  private void byId(HttpExchange x, int id) throws IOException {
    String schema;
    synchronized (this) {
      schema = schemaById.get(id);
    }
    if (schema == null) {
      send(x, 404, error(40403, "Schema " + id + " not found"));
    } else {
      send(x, 200, JSON.writeValueAsString(Map.of("schema", schema)));
    }
  }

  private static String error(int code, String message) throws IOException {
    return JSON.writeValueAsString(Map.of("error_code", code, "message", message));
  }

  private static void send(HttpExchange x, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    x.sendResponseHeaders(status, body.length);
    x.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
