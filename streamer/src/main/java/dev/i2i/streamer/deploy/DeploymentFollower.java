package dev.i2i.streamer.deploy;

import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.HotSwapRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic on its own thread and hands each model's state to a sink (the registry).
 * It first reads the topic to its end and applies only the last state of each model (a new instance
 * does not load every version ever deployed), then applies events as they come. Loading happens
 * here, never on a stream thread.
 */
public final class DeploymentFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentFollower.class);

  private final ModelsTopic topic;
  private final Consumer<ModelDeployment> sink;
  private final Metrics metrics;
  // Where the follower is, kept across consumer restarts so an error never replays history
  // (which would swap older versions in for a moment).
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean closing;
  private volatile Throwable failure;

  public DeploymentFollower(ModelsTopic topic, HotSwapRegistry registry, Metrics metrics) {
    this(topic, registry::apply, metrics);
  }

  /** A follower that hands each state to {@code sink}; an exception from it is a follower error. */
  public DeploymentFollower(ModelsTopic topic, Consumer<ModelDeployment> sink, Metrics metrics) {
    this.topic = topic;
    this.sink = sink;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "i2i-models-follower");
    this.thread.setDaemon(true);
  }

  /** Starts following and waits until the topic has been read to its end. */
  public void start(Duration timeout) throws InterruptedException {
    thread.start();
    if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "could not read the models topic " + topic.name() + " within " + timeout, failure);
    }
  }

  private void run() {
    AvroCodec<ModelDeployment> codec = AvroCodec.deployments();
    while (!closing) {
      try (KafkaConsumer<String, byte[]> c = topic.consumer()) {
        consumer = c;
        positions.forEach(c::seek);
        Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
        Map<String, ModelDeployment> backlog = new LinkedHashMap<>();
        boolean live = caughtUp.getCount() == 0;
        while (!closing) {
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
            // Only each model's last state matters: a backlog collapses to one event per model.
            Optional<ModelDeployment> d = ModelsTopic.decode(codec, r);
            d.ifPresent(x -> backlog.put(x.getModel(), x));
            if (d.isEmpty() && r.value() != null) {
              error("undecodable");
            }
          }
          if (!live && ModelsTopic.caughtUp(c, end)) {
            live = true;
            LOG.info("models topic {} read: {} models announced", topic.name(), backlog.size());
          }
          if (live) {
            backlog.values().forEach(sink);
            backlog.clear();
            for (TopicPartition tp : c.assignment()) {
              positions.put(tp, c.position(tp));
            }
            caughtUp.countDown();
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        failure = e;
        if (!closing) {
          error(e.getClass().getSimpleName());
          LOG.error("following {} failed, retrying in 2 s: {}", topic.name(), e.toString());
          sleep();
        }
      }
    }
  }

  private void error(String kind) {
    metrics.inc(Meters.FOLLOWER_ERRORS, kind);
  }

  private static void sleep() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing = true;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
