package dev.i2i.streamer.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
 * {@code /metrics} in Prometheus' text format and {@code /health} (200 while the stream runs and a
 * model is served, 503 otherwise, with a JSON body saying what serves), on one small HTTP server.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

  private final HttpServer server;

  private HttpEndpoint(HttpServer server) {
    this.server = server;
  }

  public static HttpEndpoint start(
      int port, Metrics metrics, KafkaStreams streams, HotSwapRegistry models, Gallery gallery)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (BindException e) {
      throw new IOException(
          "port "
              + port
              + " for metrics and health is in use: pass --http-port N (0: any free "
              + "port, -1: none)",
          e);
    }
    server.setExecutor(Executors.newSingleThreadExecutor(r -> daemon(r)));
    server.createContext(
        "/metrics",
        x -> {
          metrics.set(
              "i2i_stream_running",
              "1 while Kafka Streams is running",
              streams.state() == KafkaStreams.State.RUNNING ? 1 : 0);
          send(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        });
    server.createContext(
        "/health",
        x -> {
          KafkaStreams.State state = streams.state();
          Map<String, String> served = models.describe();
          boolean ok =
              (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING)
                  && !served.isEmpty();
          StringBuilder json = new StringBuilder("{\"status\":\"");
          json.append(ok ? "UP" : "DOWN").append("\",\"stream\":\"").append(state);
          json.append("\",\"models\":{");
          served.forEach(
              (k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
          if (!served.isEmpty()) {
            json.setLength(json.length() - 1);
          }
          json.append("}}\n");
          send(x, ok ? 200 : 503, "application/json", json.toString());
        });
    server.createContext(
        "/gallery",
        x -> {
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
        });
    server.start();
    LOG.info(
        "metrics on http://127.0.0.1:{}/metrics, health on /health, gallery on /gallery",
        server.getAddress().getPort());
    return new HttpEndpoint(server);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "i2i-http");
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
