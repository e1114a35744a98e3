package dev.i2i.streamer.deploy;

import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.streamer.serve.HotSwapRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic on its own thread and hands each model's state to the registry. It first
 * reads the topic to its end and applies only the last state of each model (a new instance does not
 * load every version ever deployed), then applies events as they come. Loading happens here, never
 * on a stream thread.
 */
public final class DeploymentFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentFollower.class);

  private final ModelsTopic topic;
  private final HotSwapRegistry registry;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean closing;
  private volatile Throwable failure;

  public DeploymentFollower(ModelsTopic topic, HotSwapRegistry registry) {
    this.topic = topic;
    this.registry = registry;
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
        Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
        Map<String, ModelDeployment> backlog = new LinkedHashMap<>();
        boolean live = caughtUp.getCount() == 0;
        while (!closing) {
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
            // Only each model's last state matters: a backlog collapses to one event per model.
            ModelsTopic.decode(codec, r).ifPresent(d -> backlog.put(d.getModel(), d));
          }
          if (!live && ModelsTopic.caughtUp(c, end)) {
            live = true;
            LOG.info("models topic {} read: {} models announced", topic.name(), backlog.size());
          }
          if (live) {
            backlog.values().forEach(registry::apply);
            backlog.clear();
            caughtUp.countDown();
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        failure = e;
        if (!closing) {
          LOG.error("following {} failed, retrying in 2 s: {}", topic.name(), e.toString());
          sleep();
        }
      }
    }
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
