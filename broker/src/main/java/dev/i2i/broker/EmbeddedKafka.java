package dev.i2i.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) inside this JVM, bound to
 * 127.0.0.1, with the settings exactly-once needs on one node. Its data folder survives a restart
 * when the same folder and ports are used again.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** Largest message the broker accepts (requests and results carry whole images). */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /**
   * Broker settings for exactly-once at low latency, also in docker-compose.yml. A service below
   * its peak commits a transaction per result; the next transaction's first records often come
   * while the coordinator still writes the last one's markers, and the broker retries adding their
   * partition after {@code add.partitions.to.txn.retry.backoff.ms}: 20 ms by default, which was
   * such a result's latency.
   */
  public static final Map<String, String> LOW_LATENCY =
      Map.of("add.partitions.to.txn.retry.backoff.ms", "5");

  private final KafkaRaftServer server;
  private final String bootstrap;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrap) {
    this.server = server;
    this.bootstrap = bootstrap;
  }

  /** Starts a broker on free ports with its data in {@code dir}. */
  public static EmbeddedKafka start(Path dir) throws IOException {
    return start(dir, freePort(), freePort());
  }

  /** Starts a broker on the given ports; waits until it answers. */
  public static EmbeddedKafka start(Path dir, int brokerPort, int controllerPort)
      throws IOException {
    return start(dir, brokerPort, controllerPort, null);
  }

  /** Starts a broker on free ports whose client listener is SASL_SSL with ACLs enforced. */
  public static EmbeddedKafka start(Path dir, BrokerSecurity security) throws IOException {
    return start(dir, freePort(), freePort(), security);
  }

  /**
   * Starts a broker on the given ports; waits until it answers.
   *
   * @param security a SASL_SSL listener with ACLs instead of plain text, or null
   */
  public static EmbeddedKafka start(
      Path dir, int brokerPort, int controllerPort, BrokerSecurity security) throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(dir);
    Path logs = dir.resolve("logs");
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    String listeners =
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort;
    p.put("listeners", listeners);
    p.put("advertised.listeners", listeners);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logs.toString());
    // One node: the internal topics' defaults (3 replicas, min ISR 2) would break exactly-once.
    for (String topic :
        new String[] {"offsets.topic", "transaction.state.log", "share.coordinator.state.topic"}) {
      p.put(topic + ".replication.factor", "1");
    }
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.dedupe.buffer.size", "2097152"); // the 128 MiB default wastes heap
    p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    p.put("auto.create.topics.enable", "false");
    p.putAll(LOW_LATENCY);
    if (security != null) {
      p.putAll(security.brokerProperties(brokerPort, controllerPort));
    }
    Path config = dir.resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "i2i embedded broker");
    }
    if (!Files.exists(logs.resolve("meta.properties"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "format",
                  "--standalone",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  config.toString()));
      if (security != null) {
        args.addAll(security.formatArgs());
      }
      int rc = StorageTool.execute(args.toArray(String[]::new), new PrintStream(out));
      if (rc != 0) {
        throw new IOException("formatting the broker's storage failed: " + out);
      }
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p), Time.SYSTEM);
    server.startup();
    String bootstrap = "127.0.0.1:" + brokerPort;
    awaitReady(bootstrap, security == null ? Map.of() : security.adminClient());
    LOG.info(
        "embedded Kafka broker ready at {} in {} ms (data in {})",
        bootstrap,
        (System.nanoTime() - t0) / 1_000_000,
        dir);
    return new EmbeddedKafka(server, bootstrap);
  }

  private static void awaitReady(String bootstrap, Map<String, Object> client) throws IOException {
    Map<String, Object> config = new java.util.HashMap<>(client);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("the embedded broker did not start: " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
