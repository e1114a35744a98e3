package dev.i2i.streamer;

import dev.i2i.streamer.kafka.EmbeddedKafka;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.kafka.TopicAdmin;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.topology.TranslationTopology;
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
   */
  public record Settings(
      String applicationId,
      Topics topics,
      int partitions,
      short replication,
      int threads,
      Path stateDir,
      String guarantee,
      RequestHandler.Settings handler) {
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

  private final KafkaStreams streams;

  private StreamService(KafkaStreams streams) {
    this.streams = streams;
  }

  public static StreamService start(KafkaSettings kafka, Settings s, ModelLookup models)
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
    RequestHandler handler = new RequestHandler(models, s.handler());
    KafkaStreams streams = new KafkaStreams(TranslationTopology.buildTopology(t, handler), p);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed, replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    LOG.info(
        "translation service {} started: {} -> {} (dead letters: {}), {}, serving {}",
        s.applicationId(),
        t.requests(),
        t.results(),
        t.deadLetters(),
        s.guarantee(),
        models.names());
    return new StreamService(streams);
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
    streams.close(Duration.ofSeconds(30));
  }
}
