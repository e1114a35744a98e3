package dev.i2i.streamer.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.kafka.RecordLimits;
import dev.i2i.streamer.kafka.RecordSize;
import dev.i2i.streamer.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records sized, shaped or timed to hurt: each still gives exactly one outcome that fits. */
class HostileRequestsTest {
  static final int LIMIT = 64 * 1024;
  final Metrics metrics = new Metrics();
  final RequestHandler handler =
      new RequestHandler(
          new StubModels(),
          new RequestHandler.Settings(null, 100_000, Duration.ofMillis(500), ImageEncoder.PNG),
          RecordLimits.of(LIMIT),
          metrics);

  @AfterEach
  void close() {
    handler.close();
  }

  static IncomingRecord raw(String key, byte[] value, String model, String outputSize) {
    RecordHeaders h = new RecordHeaders();
    WireHeaders.put(h, WireHeaders.MODEL, model);
    if (outputSize != null) {
      WireHeaders.put(h, WireHeaders.OUTPUT_SIZE, outputSize);
    }
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return new IncomingRecord(k, value, h, "in", 3, 42L, System.currentTimeMillis());
  }

  static DeadLetter deadLetter(Outcome o) throws Exception {
    assertTrue(o.deadLetter(), "expected a dead letter");
    assertTrue(
        RecordSize.of(o.key(), o.value(), o.headers()) <= LIMIT,
        "the dead letter must fit its topic: " + RecordSize.of(o.key(), o.value(), o.headers()));
    return AvroCodec.deadLetters().decode(o.value());
  }

  @Test
  void aRecordNearTheSizeLimitGivesADeadLetterThatFitsWithATruncatedOriginal() throws Exception {
    byte[] junk = new byte[LIMIT - 200]; // fits the requests topic, not beside a dead letter's
    new Random(1).nextBytes(junk);
    Outcome o = handler.handle(raw("big", junk, "invert", null));
    DeadLetter d = deadLetter(o);
    assertEquals(FailureReason.NOT_AN_IMAGE, d.getReason());
    assertTrue(d.getOriginalTruncated());
    assertEquals(junk.length, d.getOriginalSize());
    byte[] head = new byte[d.getOriginal().remaining()];
    d.getOriginal().get(head);
    assertTrue(head.length > LIMIT / 2, "keeps as much as fits: " + head.length);
    assertTrue(Arrays.equals(head, Arrays.copyOf(junk, head.length)));
    assertEquals(
        Integer.toString(junk.length),
        WireHeaders.get(o.headers(), WireHeaders.ORIGINAL_TRUNCATED));
    assertEquals("in-3-42", WireHeaders.get(o.headers(), WireHeaders.SOURCE));
  }

  @Test
  void aSmallFailureKeepsItsWholeOriginal() throws Exception {
    DeadLetter d = deadLetter(handler.handle(raw("s", new byte[] {1, 2, 3}, "invert", null)));
    assertEquals(false, d.getOriginalTruncated());
    assertEquals(3, d.getOriginal().remaining());
  }

  @Test
  void anOversizedKeyBecomesADeadLetterKeyedByItsPosition() throws Exception {
    String key = "k".repeat(RequestHandler.MAX_ID_BYTES + 1);
    Outcome o = handler.handle(raw(key, TestImages.png(8, 8), "invert", null));
    assertEquals(FailureReason.MALFORMED_RECORD, deadLetter(o).getReason());
    assertEquals("in-3-42", o.key());
  }

  @Test
  void theRequestedOutputSizeIsCheckedAgainstThePixelBudgetBeforeAnyWork() throws Exception {
    DeadLetter d =
        deadLetter(handler.handle(raw("o", TestImages.png(8, 8), "invert", "8192x8192")));
    assertEquals(FailureReason.OUTPUT_SIZE_REFUSED, d.getReason());
    assertTrue(d.getDetail().contains("67,108,864"), d.getDetail());
  }

  @Test
  void aThinImageWhosePaddedTensorIsOverBudgetIsRefusedBeforeInference() throws Exception {
    // 1x100000 is within 100 000 pixels, but a depth-6 U-Net pads it to 64x100032.
    Outcome o = handler.handle(raw("thin", TestImages.png(1, 100_000), "unet", null));
    DeadLetter d = deadLetter(o);
    assertEquals(FailureReason.TOO_MANY_PIXELS, d.getReason());
    assertTrue(d.getDetail().contains("padded"), d.getDetail());
    assertTrue(!handler.handle(raw("ok", TestImages.png(1, 3000), "unet", null)).deadLetter());
  }

  @Test
  void aRequestOverTheDeadlineIsADeadLetterAndTheThreadMovesOn() throws Exception {
    long t0 = System.nanoTime();
    DeadLetter d = deadLetter(handler.handle(raw("slow", TestImages.png(8, 8), "slow", null)));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(FailureReason.DEADLINE_EXCEEDED, d.getReason());
    assertTrue(ms < 3000, "returned after the 500 ms deadline, not the 5 s sleep: " + ms + " ms");
    assertTrue(!handler.handle(raw("next", TestImages.png(8, 8), "invert", null)).deadLetter());
  }

  @Test
  void aHugeDeclaredAvroStringIsAMalformedRecord() throws Exception {
    byte[] bad = Arrays.copyOf(AvroCodec.requests().encode(TestRequests.any()), 15);
    long zigzag = 2L * 1_000_000_000L;
    for (int i = 10; i < 15; i++) {
      bad[i] = (byte) ((zigzag & 0x7F) | (i < 14 ? 0x80 : 0));
      zigzag >>>= 7;
    }
    DeadLetter d = deadLetter(handler.handle(raw("a", bad, "invert", null)));
    assertEquals(FailureReason.MALFORMED_RECORD, d.getReason());
  }
}
