package dev.i2i.streamer;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.runtime.Tiling;
import dev.i2i.schemas.WireCodecs;
import dev.i2i.streamer.deploy.DeploymentFollower;
import dev.i2i.streamer.deploy.ModelsTopic;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.ProductionErrors;
import dev.i2i.streamer.kafka.RecordLimits;
import dev.i2i.streamer.kafka.TopicAdmin;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.HotSwapRegistry;
import dev.i2i.streamer.serve.OnnxVersionLoader;
import dev.i2i.streamer.serve.VersionLoader;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.topology.TranslationTopology;
import dev.i2i.streamer.web.Gallery;
import dev.i2i.streamer.web.HttpEndpoint;
import dev.i2i.streamer.web.HttpSettings;
import dev.i2i.streamer.web.StreamHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running translation service: topics ensured, topology built, Kafka Streams started. */
public final class StreamService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);

  /**
   * Service settings.
   *
   * @param applicationId Kafka Streams application id: instances with the same id share the work
   * @param topics topic names
   * @param partitions partitions for topics the service creates
   * @param replication replication factor for topics the service creates; -1 takes the broker's
   *     default
   * @param threads stream threads in this instance
   * @param stateDir Kafka Streams state folder
   * @param guarantee {@code exactly_once_v2} (default) or {@code at_least_once}
   * @param handler request handling settings
   * @param models where the models come from and which are served
   * @param http the metrics, health and gallery endpoint
   * @param maxMessageBytes {@code max.message.bytes} of topics the service creates, and the
   *     producer's {@code max.request.size} unless the Kafka config sets it
   */
  public record Settings(
      String applicationId,
      Topics topics,
      int partitions,
      short replication,
      int threads,
      Path stateDir,
      String guarantee,
      RequestHandler.Settings handler,
      ModelSettings models,
      HttpSettings http,
      int maxMessageBytes) {
    public Settings {
      if (!List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)
          .contains(guarantee)) {
        throw new IllegalArgumentException(
            "unknown processing guarantee '"
                + guarantee
                + "', expected exactly_once_v2 or at_least_once");
      }
      if (partitions < 1 || threads < 1 || (replication < 1 && replication != -1)) {
        throw new IllegalArgumentException(
            "partitions and threads must be >= 1, replication >= 1 (or -1: the broker's default)");
      }
      if (maxMessageBytes < RecordLimits.MINIMUM) {
        throw new IllegalArgumentException(
            "--max-message-bytes must be at least " + RecordLimits.MINIMUM);
      }
    }
  }

  /**
   * Which models an instance serves.
   *
   * @param root the model repository
   * @param only model names to serve; empty serves all
   * @param device where ONNX Runtime runs
   * @param topic the compacted models topic the instance follows
   * @param tiling how images larger than a tile are translated
   */
  public record ModelSettings(
      Path root, List<String> only, Device device, String topic, Tiling tiling) {
    public ModelSettings(Path root, List<String> only, Device device, String topic) {
      this(root, only, device, topic, Tiling.DEFAULT);
    }
  }

  /**
   * Brokers refuse a producer whose transaction timeout is over their {@code
   * transaction.max.timeout.ms}, 15 minutes unless changed: the service never asks for more unless
   * told to in the Kafka config.
   */
  static final long BROKER_MAX_TRANSACTION_MS = 900_000;

  private final KafkaStreams streams;
  private final HotSwapRegistry registry;
  private final DeploymentFollower follower;
  private final Metrics metrics;
  private final HttpEndpoint http;
  private final RequestHandler handler;
  private final StreamHealth health;

  private StreamService(
      KafkaStreams streams,
      HotSwapRegistry registry,
      DeploymentFollower follower,
      Metrics metrics,
      HttpEndpoint http,
      RequestHandler handler,
      StreamHealth health) {
    this.streams = streams;
    this.registry = registry;
    this.follower = follower;
    this.metrics = metrics;
    this.http = http;
    this.handler = handler;
    this.health = health;
  }

  /** Liveness, as {@code /health} reports it. */
  public StreamHealth.Verdict health() {
    return health.check();
  }

  /**
   * Starts an instance: reads the models topic to its end and loads what it says is live (the
   * repository's highest version for models never deployed), then starts Kafka Streams and keeps
   * following deployments.
   */
  public static StreamService start(KafkaSettings kafka, Settings s) throws Exception {
    ModelRepository repo = new ModelRepository(s.models().root());
    return start(
        kafka,
        s,
        new OnnxVersionLoader(
            repo, s.models().device(), s.handler().intraOpThreads(), s.models().tiling()));
  }

  /** Starts an instance whose versions come from {@code loader} (tests wrap the real one). */
  public static StreamService start(KafkaSettings kafka, Settings s, VersionLoader loader)
      throws Exception {
    Metrics metrics = new Metrics().withJvm();
    ModelSettings m = s.models();
    ModelRepository repo = new ModelRepository(m.root());
    ModelsTopic modelsTopic = new ModelsTopic(kafka, m.topic());
    modelsTopic.ensure(s.replication());
    HotSwapRegistry registry = new HotSwapRegistry(loader, m.only(), metrics);
    DeploymentFollower follower = new DeploymentFollower(modelsTopic, registry, metrics);
    try {
      follower.start(Duration.ofSeconds(60));
      registry.serveUnmanaged(repo);
      if (registry.names().isEmpty()) {
        throw new java.io.IOException(
            "no usable model"
                + (m.only().isEmpty() ? "" : " among " + m.only())
                + " in "
                + repo.root()
                + " (see the log for why each was refused)");
      }
      return start(kafka, s, registry, follower, metrics);
    } catch (Exception | Error e) {
      follower.close();
      registry.close();
      metrics.close();
      throw e;
    }
  }

  private static StreamService start(
      KafkaSettings kafka,
      Settings s,
      HotSwapRegistry models,
      DeploymentFollower follower,
      Metrics metrics)
      throws Exception {
    Topics t = s.topics();
    List<String> outputs = List.of(t.results(), t.deadLetters());
    TopicAdmin.ensure(
        kafka,
        List.of(t.requests(), t.results(), t.deadLetters()),
        s.partitions(),
        s.replication(),
        Map.of("max.message.bytes", Integer.toString(s.maxMessageBytes())));
    int maxRequestSize =
        kafka.extra().containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)
            ? kafka.maxRecordBytes()
            : s.maxMessageBytes();
    RecordLimits limits;
    try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
      TopicAdmin.warnIfSmaller(admin, outputs, s.maxMessageBytes());
      limits = RecordLimits.read(admin, t.results(), t.deadLetters(), maxRequestSize);
    }
    Duration deadline = s.handler().deadline();
    // Under exactly-once a thread's transaction stays open while it works through its records;
    // one request may take up to the deadline, so the transaction must outlive a few of them
    // (Kafka's default of 10 s would fence a slow request's producer and redo its work forever).
    long transactionMs = transactionTimeoutMs(kafka, deadline);
    Properties p =
        kafka.clientProperties(
            Map.ofEntries(
                Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId()),
                Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, s.guarantee()),
                Map.entry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads()),
                Map.entry(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString()),
                // Whole images travel as values: the producer must take what the topics take.
                Map.entry(
                    StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                    maxRequestSize),
                Map.entry(
                    StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                    (int) transactionMs),
                Map.entry(
                    StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                    transactionRetryBackoffMs(kafka)),
                Map.entry(
                    StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                    s.maxMessageBytes()),
                // Inference is slow next to Kafka: few records per poll, and a poll interval that
                // allows a few requests at their deadline.
                Map.entry(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 20),
                Map.entry(
                    StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                    (int) Math.max(300_000, 4 * deadline.toMillis())),
                // With requests in flight, finished ones are forwarded by a punctuation: an idle
                // thread must come back from poll() quickly to see them.
                Map.entry(StreamsConfig.POLL_MS_CONFIG, s.handler().inFlight() > 1 ? 5L : 100L),
                // A record Kafka still refuses is logged and counted, never a dead thread.
                Map.entry(
                    StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    ProductionErrors.class),
                Map.entry(ProductionErrors.METRICS, metrics)));
    Gallery gallery = new Gallery();
    WireCodecs codecs = t.codecs(kafka.schemaRegistry());
    // Results and dead letters are written under registered ids: a registry problem shows now.
    codecs.registerOutputs();
    RequestHandler handler =
        new RequestHandler(
            models,
            s.handler(),
            limits,
            metrics,
            s.http().gallery() ? gallery::offer : (id, m, v, b, a) -> {},
            codecs);
    KafkaStreams streams = new KafkaStreams(TranslationTopology.buildTopology(t, handler), p);
    StreamHealth health =
        new StreamHealth(streams, t.requests(), s.http().stallTimeout(), handler::inFlight);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed, replacing it", e);
          health.threadDied();
          metrics.inc(Meters.THREAD_DEATHS);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    metrics.bind(streams);
    streams.start();
    HttpEndpoint http =
        s.http().port() < 0
            ? null
            : HttpEndpoint.start(s.http(), metrics, streams, health, models, gallery);
    LOG.info(
        "limits: results {} bytes, dead letters {} bytes per record; request deadline {} ms,"
            + " transaction timeout {} ms",
        limits.results(),
        limits.deadLetters(),
        deadline.toMillis(),
        transactionMs);
    LOG.info(
        "translation service {} started: {} -> {} (dead letters: {}), {}, serving {}",
        s.applicationId(),
        t.requests(),
        t.results(),
        t.deadLetters(),
        s.guarantee(),
        models.describe());
    return new StreamService(streams, models, follower, metrics, http, handler, health);
  }

  /**
   * The producer's first retry backoff: the Kafka config's {@code retry.backoff.ms}, else {@link
   * #TRANSACTION_RETRY_BACKOFF_MS}. Below its peak the service commits a transaction per result,
   * and the next transaction's offsets often reach the coordinator while it still writes the last
   * one's markers: the coordinator answers {@code CONCURRENT_TRANSACTIONS}, and the producer
   * retries {@code sendOffsetsToTransaction} only after this backoff, with the stream thread
   * blocked (the producer shortens it to 20 ms for partitions, not for offsets). Kafka's default of
   * 100 ms was such a request's latency; retries after the first still back off exponentially, up
   * to {@code retry.backoff.max.ms}.
   */
  static long transactionRetryBackoffMs(KafkaSettings kafka) {
    String configured = kafka.extra().get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG);
    return configured != null
        ? milliseconds(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, configured)
        : TRANSACTION_RETRY_BACKOFF_MS;
  }

  /** A millisecond setting of the Kafka config, or a message naming it and what it must be. */
  private static long milliseconds(String name, String value) {
    try {
      long ms = Long.parseLong(value.trim());
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name
            + " in --kafka-config must be a whole number of milliseconds (0 or more), not '"
            + value
            + "'");
  }

  /** See {@link #transactionRetryBackoffMs}. */
  static final long TRANSACTION_RETRY_BACKOFF_MS = 5;

  /**
   * The exactly-once transaction timeout: the Kafka config's, else max(60 s, 3 x deadline + 10 s)
   * capped at what brokers allow by default; refused when it does not exceed twice the deadline.
   */
  static long transactionTimeoutMs(KafkaSettings kafka, Duration deadline) {
    String configured = kafka.extra().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    long transactionMs =
        configured != null
            ? milliseconds(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, configured)
            : Math.min(
                Math.max(60_000, 3 * deadline.toMillis() + 10_000), BROKER_MAX_TRANSACTION_MS);
    if (transactionMs <= 2 * deadline.toMillis()) {
      throw new IllegalArgumentException(
          "transaction.timeout.ms "
              + transactionMs
              + " must be more than twice the request deadline ("
              + deadline.toMillis()
              + " ms): lower --request-timeout (at most "
              + (BROKER_MAX_TRANSACTION_MS / 2 - 1) / 1000
              + " s with Kafka's default transaction.max.timeout.ms of "
              + BROKER_MAX_TRANSACTION_MS / 1000
              + " s), or raise transaction.timeout.ms in --kafka-config (and the brokers'"
              + " transaction.max.timeout.ms)");
    }
    return transactionMs;
  }

  /** What this instance serves and how to swap it. */
  public HotSwapRegistry models() {
    return registry;
  }

  public Metrics metrics() {
    return metrics;
  }

  /** The metrics and health endpoint's port, or -1 when it is off. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /**
   * Kafka Streams' commits so far over all stream threads, and their recent mean latency in
   * milliseconds (the client's own metrics: {@code commit-total}, {@code commit-latency-avg}).
   */
  public double[] commits() {
    double total = 0;
    double latencyWeighted = 0;
    double latencyTotal = 0;
    for (var e : streams.metrics().entrySet()) {
      if (!e.getKey().group().equals("stream-thread-metrics")) {
        continue;
      }
      Object v = e.getValue().metricValue();
      if (!(v instanceof Double d) || d.isNaN()) {
        continue;
      }
      if (e.getKey().name().equals("commit-total")) {
        total += d;
      } else if (e.getKey().name().equals("commit-latency-avg")) {
        latencyWeighted += d;
        latencyTotal++;
      }
    }
    return new double[] {total, latencyTotal == 0 ? 0 : latencyWeighted / latencyTotal};
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Waits until the service is running (partitions assigned), or fails after {@code timeout}. */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("stream not running after " + timeout + ": " + state());
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    streams.close(Duration.ofSeconds(30));
    handler.close();
    follower.close();
    registry.close();
    metrics.close();
  }
}
