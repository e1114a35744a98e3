package dev.i2i.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.testing.OldRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
  @Test
  void aRequestSurvivesARoundTripWithTheSingleObjectHeader() throws IOException {
    AvroCodec<TranslationRequest> codec = AvroCodec.requests();
    TranslationRequest req =
        new TranslationRequest(
            "r1",
            "summer2winter",
            ByteBuffer.wrap(new byte[] {1, 2, 3}),
            "image/png",
            Instant.ofEpochMilli(1234),
            Map.of("camera", "7"));
    byte[] bytes = codec.encode(req);
    assertTrue(AvroCodec.isSingleObject(bytes));
    TranslationRequest back = codec.decode(bytes);
    assertEquals("r1", back.getId());
    assertEquals("7", back.getAttributes().get("camera"));
    assertArrayEquals(new byte[] {1, 2, 3}, back.getImage().array());
  }

  @Test
  void anOlderWriterVersionIsResolvedWithDefaults() throws IOException {
    Schema v0;
    try (InputStream in = getClass().getResourceAsStream("/TranslationRequest-v0.avsc")) {
      v0 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v0);
    old.put("id", "old-1");
    old.put("model", "summer2winter");
    old.put("image", ByteBuffer.wrap(new byte[] {9}));
    old.put("submittedAt", 5L);
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old).array();

    IOException unknown = assertThrows(IOException.class, () -> AvroCodec.requests().decode(bytes));
    assertTrue(
        unknown.getMessage().contains("not a valid TranslationRequest"), unknown.getMessage());

    AvroCodec<TranslationRequest> codec = new AvroCodec<>(TranslationRequest.getClassSchema(), v0);
    TranslationRequest req = codec.decode(bytes);
    assertEquals("old-1", req.getId());
    assertNull(req.getContentType());
    assertEquals(Map.of(), req.getAttributes());
  }

  @Test
  void garbageIsRefusedWithTheRecordType() {
    byte[] bad = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 42};
    IOException e = assertThrows(IOException.class, () -> AvroCodec.deadLetters().decode(bad));
    assertTrue(e.getMessage().startsWith("not a valid DeadLetter record"), e.getMessage());
  }

  @Test
  void deadLettersCarryTheirReasonAndOriginalBytes() throws IOException {
    AvroCodec<DeadLetter> codec = AvroCodec.deadLetters();
    DeadLetter d =
        new DeadLetter(
            "x",
            FailureReason.TOO_MANY_PIXELS,
            "too big",
            "t",
            1,
            2L,
            ByteBuffer.wrap(new byte[] {7}),
            Instant.ofEpochMilli(9),
            false,
            1L);
    DeadLetter back = codec.decode(codec.encode(d));
    assertEquals(FailureReason.TOO_MANY_PIXELS, back.getReason());
    assertEquals(7, back.getOriginal().get(0));
  }

  @Test
  void deadLettersWrittenBeforeTruncationExistedStillRead() throws Exception {
    GenericData.Record old = OldRecords.deadLetterV1Record();
    Schema v1 = old.getSchema();
    byte[] bytes =
        new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), v1).encode(old).array();
    DeadLetter back = AvroCodec.deadLetters().decode(bytes);
    assertEquals(FailureReason.NOT_AN_IMAGE, back.getReason());
    assertEquals(false, back.getOriginalTruncated());
    assertEquals(-1L, back.getOriginalSize());
  }

  @Test
  void deadLettersWrittenBeforeTheRegistryReasonExistedStillRead() throws Exception {
    Schema v2 = OldRecords.deadLetterSchema("DeadLetter-2.avsc");
    GenericData.Record old = OldRecords.deadLetter(v2, "DEADLINE_EXCEEDED");
    old.put("originalTruncated", true);
    old.put("originalSize", 9L);
    byte[] bytes =
        new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), v2).encode(old).array();
    DeadLetter back = AvroCodec.deadLetters().decode(bytes);
    assertEquals(FailureReason.DEADLINE_EXCEEDED, back.getReason());
    assertEquals(9L, back.getOriginalSize());
  }

  @Test
  void aRecordDeclaringAHugeStringIsRefusedBeforeAllocating() {
    // Header + fingerprint of the request schema, then an id declaring 1e9 bytes (zigzag varint).
    byte[] header =
        AvroCodec.requests()
            .encode(
                new TranslationRequest(
                    "r", "m", ByteBuffer.wrap(new byte[0]), null, Instant.EPOCH, Map.of()));
    byte[] bad = java.util.Arrays.copyOf(header, 10 + 5);
    long zigzag = 2L * 1_000_000_000L;
    for (int i = 10; i < 15; i++) {
      bad[i] = (byte) ((zigzag & 0x7F) | (i < 14 ? 0x80 : 0));
      zigzag >>>= 7;
    }
    long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    IOException e = assertThrows(IOException.class, () -> AvroCodec.requests().decode(bad));
    assertTrue(e.getMessage().contains("String length"), e.getMessage());
    long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertTrue(after - before < 100_000_000, "allocated " + (after - before));
  }
}
