package dev.i2i.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.WireCodecs.Framing;
import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.testing.OldRecords;
import dev.i2i.schemas.testing.RegistryStub;
import dev.i2i.schemas.testing.SelfSignedCertificate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryTest {
  static final TranslationRequest REQUEST =
      new TranslationRequest(
          "r-1",
          "summer2winter",
          ByteBuffer.wrap(new byte[] {1, 2, 3}),
          "image/png",
          Instant.ofEpochMilli(5),
          Map.of("a", "b"));

  static WireCodecs codecs(SchemaRegistry r) {
    return WireCodecs.of(r, "req", "res", "dlq");
  }

  static SchemaRegistry at(String url) throws IOException {
    return SchemaRegistry.of(Map.of(SchemaRegistry.URL, url));
  }

  @Test
  void requestsRoundTripInConfluentsFramingWithTheIdTheRegistryGave() throws Exception {
    try (RegistryStub stub = RegistryStub.start()) {
      WireCodecs writer = codecs(at(stub.url()));
      byte[] bytes = writer.encodeRequest(REQUEST);
      assertEquals(0, bytes[0]);
      assertEquals(stub.versions("req-value").get(0), ConfluentCodec.schemaId(bytes));
      assertEquals(Framing.CONFLUENT, writer.framing(bytes));
      writer.encodeRequest(REQUEST);
      assertEquals(1, stub.calls(), "the id is cached after the first registration");
      // A reader that never saw the schema looks it up by id, once.
      WireCodecs reader = codecs(at(stub.url()));
      assertEquals(REQUEST, reader.decodeRequest(bytes));
      assertEquals(REQUEST, reader.decodeRequest(bytes));
      assertEquals(2, stub.calls());
      // Single-object records still read next to them; without a registry a zero byte is raw.
      byte[] single = AvroCodec.requests().encode(REQUEST);
      assertEquals(Framing.SINGLE_OBJECT, reader.framing(single));
      assertEquals(REQUEST, reader.decodeRequest(single));
      assertEquals(Framing.RAW, WireCodecs.singleObject().framing(bytes));
      assertNull(SchemaRegistry.of(Map.of()));
    }
  }

  @Test
  void anOlderWriterSchemaIsResolvedToTheCurrentOne() throws Exception {
    GenericData.Record old = OldRecords.deadLetterV1Record();
    try (RegistryStub stub = RegistryStub.start()) {
      int id = at(stub.url()).register("dlq-value", old.getSchema());
      byte[] framed = OldRecords.confluentFramed(id, old);
      DeadLetter d = codecs(at(stub.url())).decodeDeadLetter(framed);
      assertEquals(FailureReason.NOT_AN_IMAGE, d.getReason());
      assertFalse(d.getOriginalTruncated());
      assertEquals(-1, d.getOriginalSize());
    }
  }

  @Test
  void unknownIdsBrokenBytesAndAnUnreachableRegistrySaySo() throws Exception {
    SchemaRegistry registry;
    byte[] good;
    try (RegistryStub stub = RegistryStub.start()) {
      registry = at(stub.url());
      good = codecs(registry).encodeRequest(REQUEST);
      byte[] unknown = good.clone();
      unknown[4] = 99;
      SchemaRegistryException e =
          assertThrows(
              SchemaRegistryException.class, () -> codecs(registry).decodeRequest(unknown));
      assertFalse(e.unavailable());
      assertTrue(e.getMessage().contains("404 Schema 99 not found"), e.getMessage());
      byte[] cut = Arrays.copyOf(good, good.length - 2);
      IOException broken =
          assertThrows(IOException.class, () -> codecs(registry).decodeRequest(cut));
      assertTrue(
          broken.getMessage().contains("not a valid TranslationRequest"), broken.getMessage());
      stub.failWith(503);
      SchemaRegistryException down =
          assertThrows(
              SchemaRegistryException.class, () -> codecs(at(stub.url())).decodeRequest(good));
      assertTrue(down.unavailable());
      assertTrue(down.getMessage().contains("503"), down.getMessage());
    }
    // Stopped: what was cached still decodes, a new client says where it could not connect.
    byte[] cached = good;
    assertEquals(REQUEST, codecs(registry).decodeRequest(cached));
    SchemaRegistryException gone =
        assertThrows(
            SchemaRegistryException.class, () -> codecs(at(registry.url())).decodeRequest(cached));
    assertTrue(gone.unavailable());
    assertTrue(gone.getMessage().contains("unreachable"), gone.getMessage());
  }

  @Test
  void httpsWithBasicAuthenticationTakesConfluentsClientSettings(@TempDir Path dir)
      throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(dir, "secret");
    try (RegistryStub stub = RegistryStub.start(cert, "i2i", "pw")) {
      Map<String, String> tls = new HashMap<>();
      tls.put(SchemaRegistry.URL, stub.url());
      tls.put(SchemaRegistry.SSL + "truststore.location", cert.truststore().toString());
      tls.put(SchemaRegistry.SSL + "truststore.password", "secret");
      Map<String, String> ok = new HashMap<>(tls);
      ok.put(SchemaRegistry.CREDENTIALS_SOURCE, "USER_INFO");
      ok.put(SchemaRegistry.USER_INFO, "i2i:pw");
      byte[] bytes = codecs(SchemaRegistry.of(ok)).encodeRequest(REQUEST);
      assertEquals(REQUEST, codecs(SchemaRegistry.of(ok)).decodeRequest(bytes));
      // Credentials in the URL, as Confluent's URL source allows.
      Map<String, String> inUrl = new HashMap<>(tls);
      inUrl.put(SchemaRegistry.URL, stub.url().replace("https://", "https://i2i:pw@"));
      assertEquals(REQUEST, codecs(SchemaRegistry.of(inUrl)).decodeRequest(bytes));
      Map<String, String> wrong = new HashMap<>(ok);
      wrong.put(SchemaRegistry.USER_INFO, "i2i:nope");
      SchemaRegistryException refused =
          assertThrows(
              SchemaRegistryException.class,
              () -> codecs(SchemaRegistry.of(wrong)).decodeRequest(bytes));
      assertTrue(refused.getMessage().contains("401 Unauthorized"), refused.getMessage());
      assertTrue(refused.getMessage().contains(SchemaRegistry.USER_INFO), refused.getMessage());
      // Without the truststore the registry's certificate is not trusted.
      assertThrows(IOException.class, () -> codecs(at(stub.url())).decodeRequest(bytes));
    }
  }

  @Test
  void badSettingsAreRefusedWithWhatIsAllowed() {
    IllegalArgumentException scheme =
        assertThrows(IllegalArgumentException.class, () -> at("ftp://registry:8081"));
    assertTrue(scheme.getMessage().contains("http:// or https://"), scheme.getMessage());
    IllegalArgumentException source =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SchemaRegistry.of(
                    Map.of(
                        SchemaRegistry.URL,
                        "http://r:8081",
                        SchemaRegistry.CREDENTIALS_SOURCE,
                        "SASL_INHERIT")));
    assertTrue(source.getMessage().contains("USER_INFO, URL"), source.getMessage());
  }
}
