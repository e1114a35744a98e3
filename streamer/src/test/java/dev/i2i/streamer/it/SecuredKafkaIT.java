package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.broker.BrokerSecurity;
import dev.i2i.broker.EmbeddedKafka;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.testing.SelfSignedCertificate;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.TestModels;
import dev.i2i.streamer.cli.StreamerMain;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.topology.RequestHandler;
import dev.i2i.streamer.topology.Topics;
import dev.i2i.streamer.web.HttpSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * i2i against a secured Kafka: a SASL_SSL listener (SCRAM-SHA-512 over TLS with a self-signed
 * certificate made here) and ACLs. The service, publish, consume, deploy and models list all work
 * through {@code --kafka-config}; a client without credentials, or without ACLs, is refused.
 */
class SecuredKafkaIT {
  static final String PASSWORD = "test-secret";
  static final Topics TOPICS = new Topics("sec.requests", "sec.results", "sec.dead-letters");
  static final String MODELS_TOPIC = "sec.models";
  @TempDir static Path tmp;
  static EmbeddedKafka broker;
  static Path truststore;
  static Path clientConfig;
  static Path repo;

  static Properties client(String user, String password) {
    Properties p = new Properties();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put("sasl.jaas.config", BrokerSecurity.jaas(user, password));
    p.put("ssl.truststore.location", truststore.toString());
    p.put("ssl.truststore.password", PASSWORD);
    p.put("ssl.truststore.type", "PKCS12");
    return p;
  }

  @BeforeAll
  static void start() throws Exception {
    SelfSignedCertificate cert =
        SelfSignedCertificate.create(Files.createDirectories(tmp.resolve("certs")), PASSWORD);
    truststore = cert.truststore();
    BrokerSecurity security =
        new BrokerSecurity(
            cert.keystore(),
            PASSWORD,
            "admin",
            "admin-secret",
            Map.of("i2i", "i2i-secret", "mallory", "mallory-secret"),
            truststore);
    broker = EmbeddedKafka.start(tmp.resolve("broker"), security);
    // i2i may do what the service and its commands need on sec.* and nothing else.
    Properties admin = client("admin", "admin-secret");
    admin.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin a = Admin.create(admin)) {
      List<AclBinding> acls = new ArrayList<>();
      for (ResourcePattern r :
          List.of(
              new ResourcePattern(ResourceType.TOPIC, "sec.", PatternType.PREFIXED),
              new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL),
              new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "*", PatternType.LITERAL),
              new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL))) {
        acls.add(
            new AclBinding(
                r,
                new AccessControlEntry(
                    "User:i2i", "*", AclOperation.ALL, AclPermissionType.ALLOW)));
      }
      a.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }
    clientConfig = tmp.resolve("client.properties");
    try (var w = Files.newBufferedWriter(clientConfig)) {
      client("i2i", "i2i-secret").store(w, "i2i on the secured test broker");
    }
    repo = TestModels.repository(tmp.resolve("models"));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static int cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-b", broker.bootstrapServers(), "--kafka-config", clientConfig.toString()));
    StringWriter err = new StringWriter();
    var cmd = StreamerMain.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(all.toArray(String[]::new));
    assertEquals(0, code, String.join(" ", args) + ": " + err);
    return code;
  }

  static String[] topicFlags() {
    return new String[] {
      "--requests-topic", TOPICS.requests(),
      "--results-topic", TOPICS.results(),
      "--dead-letter-topic", TOPICS.deadLetters()
    };
  }

  @Test
  void theServiceAndEveryCommandWorkThroughTheKafkaConfig() throws Exception {
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), clientConfig);
    StreamService.Settings s =
        new StreamService.Settings(
            "sec.it", // its internal topic (requests in flight) falls under the sec.* ACL
            TOPICS,
            2,
            (short) -1,
            1,
            tmp.resolve("state"),
            "exactly_once_v2",
            new RequestHandler.Settings(
                null, 4_000_000, Duration.ofSeconds(30), ImageEncoder.PNG, 4, 1, Duration.ZERO, 2),
            new StreamService.ModelSettings(repo, List.of(), Device.CPU, MODELS_TOPIC),
            HttpSettings.local(-1),
            16 * 1024 * 1024);
    try (StreamService svc = StreamService.start(kafka, s)) {
      svc.awaitRunning(Duration.ofSeconds(60));
      Path image = tmp.resolve("in").resolve("scene.png");
      Files.createDirectories(image.getParent());
      Files.write(image, TestImages.png(48, 40));
      List<String> publish =
          new ArrayList<>(List.of("publish", image.toString(), "--model", "summer2winter"));
      publish.addAll(List.of(topicFlags()));
      cli(publish.toArray(String[]::new));
      Path out = tmp.resolve("out");
      List<String> consume =
          new ArrayList<>(
              List.of("consume", "--out", out.toString(), "--count", "1", "--idle-seconds", "60"));
      consume.addAll(List.of(topicFlags()));
      cli(consume.toArray(String[]::new));
      try (var files = Files.list(out)) {
        assertEquals(1, files.filter(f -> f.toString().endsWith(".png")).count());
      }
      cli(
          "deploy",
          "--model",
          "summer2winter",
          "--from",
          repo.resolve("summer2winter").resolve("1").toString(),
          "--models-root",
          repo.toString(),
          "--models-topic",
          MODELS_TOPIC,
          "--force");
      cli("models", "list", "--models-root", repo.toString(), "--models-topic", MODELS_TOPIC);
    }
  }

  @Test
  void aClientWithoutCredentialsOrWithoutAclsIsRefused() throws Exception {
    Properties plain = new Properties();
    plain.put("bootstrap.servers", broker.bootstrapServers());
    plain.put("default.api.timeout.ms", "5000");
    plain.put("request.timeout.ms", "2000");
    try (Admin a = Admin.create(plain)) {
      assertThrows(Exception.class, () -> a.listTopics().names().get(10, TimeUnit.SECONDS));
    }
    Properties mallory = client("mallory", "mallory-secret");
    mallory.put("bootstrap.servers", broker.bootstrapServers());
    mallory.put("max.block.ms", "10000");
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(mallory, new ByteArraySerializer(), new ByteArraySerializer())) {
      Exception e =
          assertThrows(
              Exception.class,
              () ->
                  p.send(new ProducerRecord<>(TOPICS.requests(), new byte[] {1}))
                      .get(15, TimeUnit.SECONDS));
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      assertTrue(cause instanceof TopicAuthorizationException, String.valueOf(cause));
    }
    Properties wrong = client("i2i", "not-the-password");
    wrong.put("bootstrap.servers", broker.bootstrapServers());
    wrong.put("default.api.timeout.ms", "5000");
    wrong.put("request.timeout.ms", "2000");
    try (Admin a = Admin.create(wrong)) {
      assertThrows(Exception.class, () -> a.listTopics().names().get(10, TimeUnit.SECONDS));
    }
  }
}
