package dev.i2i.streamer.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.HotSwapRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} in Prometheus' text format, {@code /health} (liveness: 200 while the stream is
 * really working, see {@link StreamHealth}), {@code /ready} (readiness: running and every model
 * loaded) and, when asked for, {@code /gallery}; bound to 127.0.0.1 unless told otherwise.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

  private static final java.util.concurrent.atomic.AtomicInteger THREADS =
      new java.util.concurrent.atomic.AtomicInteger();

  private final HttpServer server;

  private HttpEndpoint(HttpServer server) {
    this.server = server;
  }

  public static HttpEndpoint start(
      HttpSettings settings,
      Metrics metrics,
      KafkaStreams streams,
      StreamHealth health,
      HotSwapRegistry models,
      Gallery gallery)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
    } catch (BindException e) {
      throw new IOException(
          settings.host()
              + ":"
              + settings.port()
              + " for metrics and health is in use: pass --http-port N (0: any free "
              + "port, -1: none)",
          e);
    }
    // Two threads: a slow scrape or a gallery image never holds up a health probe.
    server.setExecutor(Executors.newFixedThreadPool(2, HttpEndpoint::daemon));
    server.createContext(
        "/metrics",
        x -> {
          metrics.set(Meters.STREAM_RUNNING, streams.state() == KafkaStreams.State.RUNNING ? 1 : 0);
          StreamHealth.Verdict v = health.check();
          metrics.set(Meters.UP, v.up() ? 1 : 0);
          send(x, 200, Metrics.contentType(), metrics.scrape());
        });
    // Liveness: is the stream working (running, threads not dying, committing while input waits).
    server.createContext(
        "/health",
        x -> {
          StreamHealth.Verdict v = health.check();
          String json =
              "{\"status\":\""
                  + (v.up() ? "UP" : "DOWN")
                  + "\",\"stream\":\""
                  + v.state()
                  + "\",\"waiting\":"
                  + v.lag()
                  + (v.up() ? "" : ",\"reason\":" + quote(v.reason()))
                  + ",\"models\":"
                  + json(models.describe())
                  + "}\n";
          send(x, v.up() ? 200 : 503, "application/json", json);
        });
    // Readiness: running, and every model this instance should serve is loaded.
    server.createContext(
        "/ready",
        x -> {
          boolean running = streams.state() == KafkaStreams.State.RUNNING;
          java.util.Set<String> missing = models.missing();
          boolean ready = running && missing.isEmpty() && !models.names().isEmpty();
          String json =
              "{\"status\":\""
                  + (ready ? "READY" : "NOT_READY")
                  + "\",\"stream\":\""
                  + streams.state()
                  + "\",\"missing\":"
                  + missing.stream().map(HttpEndpoint::quote).toList()
                  + ",\"models\":"
                  + json(models.describe())
                  + "}\n";
          send(x, ready ? 200 : 503, "application/json", json);
        });
    if (settings.gallery()) {
      server.createContext("/gallery", x -> gallery(x, gallery));
    }
    server.start();
    LOG.info(
        "metrics on http://{}:{}/metrics, liveness on /health, readiness on /ready{}",
        settings.host(),
        server.getAddress().getPort(),
        settings.gallery() ? ", gallery on /gallery" : " (gallery off: --gallery turns it on)");
    return new HttpEndpoint(server);
  }

  private static void gallery(HttpExchange x, Gallery gallery) throws IOException {
    String path = x.getRequestURI().getPath();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("/gallery/(\\d+)/(before|after)\\.png").matcher(path);
    if (m.matches()) {
      byte[] png = gallery.image(Long.parseLong(m.group(1)), m.group(2).equals("before"));
      if (png == null) {
        send(x, 404, "text/plain", "no such image (the gallery keeps the last 12)\n");
      } else {
        sendBytes(x, 200, "image/png", png);
      }
    } else {
      send(x, 200, "text/html; charset=utf-8", gallery.html());
    }
  }

  private static String json(Map<String, String> map) {
    StringBuilder b = new StringBuilder("{");
    map.forEach(
        (k, v) ->
            b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(quote(v)));
    return b.append('}').toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "i2i-http-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    sendBytes(x, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendBytes(HttpExchange x, int status, String type, byte[] bytes)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
