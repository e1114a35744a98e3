package dev.i2i.streamer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.schemas.registry.ConfluentCodec;
import dev.i2i.schemas.registry.SchemaRegistry;
import dev.i2i.schemas.registry.SchemaRegistryException;
import dev.i2i.schemas.testing.OldRecords;
import dev.i2i.schemas.testing.RegistryStub;
import dev.i2i.streamer.StreamService;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.cli.StreamerMain;
import dev.i2i.streamer.client.Publisher;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.topology.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Avro in Confluent's wire format through a schema registry, on a real broker: the service, {@code
 * i2i publish} and {@code i2i consume}. The registry is {@link RegistryStub} (see its javadoc).
 */
class SchemaRegistryIT {
  @RegisterExtension static final BrokerExtension BROKER = new BrokerExtension();
  static final byte[] PNG = TestImages.encode(TestImages.scene(40, 30, 1), "png");

  @Test
  void confluentRequestsGetConfluentResultsNextToSingleObjectAndRawOnes() throws Exception {
    try (RegistryStub registry = RegistryStub.start()) {
      KafkaSettings kafka = BROKER.kafka().withSchemaRegistry(registry.url());
      Topics topics = StreamingIT.topics("reg");
      try (StreamService svc =
              StreamingIT.service(kafka, BROKER.dir(), "reg", topics, List.of("summer2winter"));
          Publisher confluent = new Publisher(kafka, topics.requests());
          Publisher plain = new Publisher(BROKER.kafka(), topics.requests())) {
        // The service registered what it writes before taking a request.
        int resultId = registry.versions("reg.results-value").get(0);
        int deadLetterId = registry.versions("reg.dead-letters-value").get(0);
        confluent.publish("c-1", "summer2winter", PNG, "image/png", Map.of("k", "v"), false);
        plain.publish("s-1", "summer2winter", PNG, "image/png", Map.of(), false);
        plain.publish("r-1", "summer2winter", PNG, null, Map.of(), true);
        byte[] unknownId =
            WireCodecs.of(kafka.schemaRegistry(), "reg.requests", null, null)
                .encodeRequest(request("u-1"));
        ByteBuffer.wrap(unknownId, 1, 4).putInt(4242);
        confluent.publishBytes("u-1", unknownId);
        confluent.flush();
        Map<String, byte[]> out = read(kafka, topics, 4);
        WireCodecs codecs = topics.codecs(kafka.schemaRegistry());

        byte[] c = out.get("c-1");
        assertEquals(ConfluentCodec.MAGIC, c[0]);
        assertEquals(resultId, ConfluentCodec.schemaId(c));
        TranslationResult result = codecs.decodeResult(c);
        assertEquals("c-1", result.getRequestId());
        assertEquals(Map.of("k", "v"), result.getAttributes());
        assertTrue(AvroCodec.isSingleObject(out.get("s-1")));
        assertEquals("s-1", codecs.decodeResult(out.get("s-1")).getRequestId());
        assertArrayEquals(
            new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(out.get("r-1"), 4));

        byte[] u = out.get("u-1");
        assertEquals(deadLetterId, ConfluentCodec.schemaId(u));
        DeadLetter dl = codecs.decodeDeadLetter(u);
        assertEquals(FailureReason.MALFORMED_RECORD, dl.getReason());
        assertTrue(dl.getDetail().contains("Schema 4242 not found"), dl.getDetail());
        assertArrayEquals(unknownId, bytes(dl.getOriginal()));

        // A newer writer schema (one more field) while the registry is down: a dead letter that
        // says so; once it is back, the same bytes translate.
        byte[] evolved = evolved(kafka.schemaRegistry(), "e-1");
        registry.failWith(503);
        confluent.publishBytes("e-1", evolved);
        confluent.flush();
        DeadLetter down = codecs.decodeDeadLetter(read(kafka, topics, 5).get("e-1"));
        assertEquals(FailureReason.SCHEMA_REGISTRY_UNAVAILABLE, down.getReason());
        assertTrue(down.getDetail().contains("503"), down.getDetail());
        registry.failWith(0);
        confluent.publishBytes("e-2", evolved(kafka.schemaRegistry(), "e-2"));
        confluent.flush();
        TranslationResult back = codecs.decodeResult(read(kafka, topics, 6).get("e-2"));
        assertEquals("e-2", back.getRequestId());
        assertEquals(40, back.getWidth());
      }
    }
  }

  @Test
  void publishAndConsumeTakeTheRegistryFromTheCommandLine() throws Exception {
    try (RegistryStub registry = RegistryStub.start()) {
      Topics topics = StreamingIT.topics("cli");
      KafkaSettings kafka = BROKER.kafka().withSchemaRegistry(registry.url());
      Path dir = Files.createDirectories(BROKER.dir().resolve("cli-" + UUID.randomUUID()));
      Path image = Files.write(dir.resolve("scene.png"), PNG);
      try (StreamService svc =
          StreamingIT.service(kafka, BROKER.dir(), "cli", topics, List.of("summer2winter"))) {
        List<String> common =
            List.of(
                "--bootstrap-servers", BROKER.bootstrapServers(),
                "--schema-registry-url", registry.url(),
                "--requests-topic", topics.requests(),
                "--results-topic", topics.results(),
                "--dead-letter-topic", topics.deadLetters());
        List<String> publish = new ArrayList<>(List.of("publish", "--model", "summer2winter"));
        publish.addAll(common);
        publish.add(image.toString());
        assertEquals(0, StreamerMain.commandLine().execute(publish.toArray(String[]::new)));
        assertEquals(1, registry.versions("cli.requests-value").size());
        List<String> consume =
            new ArrayList<>(
                List.of("consume", "--out", dir.resolve("out").toString(), "--count", "1"));
        consume.addAll(common);
        assertEquals(0, StreamerMain.commandLine().execute(consume.toArray(String[]::new)));
        try (var files = Files.list(dir.resolve("out"))) {
          assertEquals(1, files.filter(f -> f.toString().endsWith(".png")).count());
        }
      }
    }
  }

  @Test
  void theServiceDoesNotStartWhenItCannotRegisterWhatItWrites() {
    KafkaSettings kafka = BROKER.kafka().withSchemaRegistry("http://127.0.0.1:9");
    SchemaRegistryException e =
        assertThrows(
            SchemaRegistryException.class,
            () ->
                StreamingIT.service(
                    kafka, BROKER.dir(), "noreg", StreamingIT.topics("noreg"), List.of()));
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    assertTrue(e.getMessage().contains("noreg.results-value"), e.getMessage());
  }

  static TranslationRequest request(String id) {
    return new TranslationRequest(
        id, "summer2winter", ByteBuffer.wrap(PNG), "image/png", java.time.Instant.now(), Map.of());
  }

  /** A request written with a newer schema (an extra field with a default), registered. */
  static byte[] evolved(SchemaRegistry registry, String id) throws Exception {
    Schema current = TranslationRequest.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), "newer", 0));
    Schema newer =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    int id2 = registry.register("reg.requests-value", newer);
    GenericData.Record r = new GenericData.Record(newer);
    r.put("id", id);
    r.put("model", "summer2winter");
    r.put("image", ByteBuffer.wrap(PNG));
    r.put("submittedAt", System.currentTimeMillis());
    r.put("attributes", new HashMap<String, String>());
    r.put("priority", 3);
    return OldRecords.confluentFramed(id2, r);
  }

  /** The committed values of results and dead letters by key, once {@code n} arrived. */
  static Map<String, byte[]> read(KafkaSettings kafka, Topics topics, int n) {
    Properties p =
        kafka.clientProperties(
            Map.of(
                "group.id", "check-" + UUID.randomUUID(),
                "isolation.level", "read_committed",
                "auto.offset.reset", "earliest"));
    Map<String, byte[]> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topics.results(), topics.deadLetters()));
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < n && System.nanoTime() < end) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.put(r.key(), r.value());
        }
      }
    }
    assertEquals(n, out.size(), "records: " + out.keySet());
    return out;
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
