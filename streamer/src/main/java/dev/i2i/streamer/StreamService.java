package dev.i2i.streamer;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.streamer.deploy.DeploymentFollower;
import dev.i2i.streamer.deploy.ModelsTopic;
import dev.i2i.streamer.kafka.EmbeddedKafka;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.TopicAdmin;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.HotSwapRegistry;
import dev.i2i.streamer.serve.OnnxVersionLoader;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.topology.TranslationTopology;
import dev.i2i.streamer.web.Gallery;
import dev.i2i.streamer.web.HttpEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
   * @param replication replication factor for topics the service creates
   * @param threads stream threads in this instance
   * @param stateDir Kafka Streams state folder
   * @param guarantee {@code exactly_once_v2} (default) or {@code at_least_once}
   * @param handler request handling settings
   * @param models where the models come from and which are served
   * @param httpPort port of the metrics and health endpoint; 0 picks a free one, -1 turns it off
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
      int httpPort) {
    public Settings {
      if (!List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)
          .contains(guarantee)) {
        throw new IllegalArgumentException(
            "unknown processing guarantee '"
                + guarantee
                + "', expected exactly_once_v2 or at_least_once");
      }
      if (partitions < 1 || replication < 1 || threads < 1) {
        throw new IllegalArgumentException("partitions, replication and threads must be >= 1");
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
   */
  public record ModelSettings(Path root, List<String> only, Device device, String topic) {}

  private final KafkaStreams streams;
  private final HotSwapRegistry registry;
  private final DeploymentFollower follower;
  private final Metrics metrics;
  private final HttpEndpoint http;

  private StreamService(
      KafkaStreams streams,
      HotSwapRegistry registry,
      DeploymentFollower follower,
      Metrics metrics,
      HttpEndpoint http) {
    this.streams = streams;
    this.registry = registry;
    this.follower = follower;
    this.metrics = metrics;
    this.http = http;
  }

  /**
   * Starts an instance: reads the models topic to its end and loads what it says is live (the
   * repository's highest version for models never deployed), then starts Kafka Streams and keeps
   * following deployments.
   */
  public static StreamService start(KafkaSettings kafka, Settings s) throws Exception {
    Metrics metrics = new Metrics();
    ModelSettings m = s.models();
    ModelRepository repo = new ModelRepository(m.root());
    ModelsTopic modelsTopic = new ModelsTopic(kafka, m.topic());
    modelsTopic.ensure(s.replication());
    HotSwapRegistry registry =
        new HotSwapRegistry(new OnnxVersionLoader(repo, m.device()), m.only(), metrics);
    DeploymentFollower follower = new DeploymentFollower(modelsTopic, registry);
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
    int maxBytes = EmbeddedKafka.MAX_MESSAGE_BYTES;
    TopicAdmin.ensure(
        kafka,
        List.of(t.requests(), t.results(), t.deadLetters()),
        s.partitions(),
        s.replication(),
        maxBytes);
    Properties p =
        kafka.clientProperties(
            Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                s.applicationId(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                s.guarantee(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                s.threads(),
                StreamsConfig.STATE_DIR_CONFIG,
                s.stateDir().toString(),
                // Whole images travel as values: without these a large result kills the stream
                // thread.
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                maxBytes,
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                maxBytes,
                // Inference is slow next to Kafka: fetch few records per poll so a rebalance is not
                // held up.
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
                20));
    Gallery gallery = new Gallery();
    RequestHandler handler = new RequestHandler(models, s.handler(), metrics, gallery::offer);
    KafkaStreams streams = new KafkaStreams(TranslationTopology.buildTopology(t, handler), p);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed, replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    HttpEndpoint http =
        s.httpPort() < 0
            ? null
            : HttpEndpoint.start(s.httpPort(), metrics, streams, models, gallery);
    LOG.info(
        "translation service {} started: {} -> {} (dead letters: {}), {}, serving {}",
        s.applicationId(),
        t.requests(),
        t.results(),
        t.deadLetters(),
        s.guarantee(),
        models.describe());
    return new StreamService(streams, models, follower, metrics, http);
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
    follower.close();
    registry.close();
  }
}
