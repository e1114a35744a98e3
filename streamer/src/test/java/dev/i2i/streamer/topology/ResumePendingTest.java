package dev.i2i.streamer.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.streamer.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A task that takes over answers the requests its previous owner took and did not answer: it reads
 * each again from its topic by the position the store keeps, answers them in their order, and turns
 * one the topic no longer has into a {@code REQUEST_GONE} dead letter. A store written by the
 * version that kept whole records is answered from the records it holds. (CrashRecoveryIT runs the
 * same with killed service JVMs; RequestSourceIT reads from a real broker.)
 */
class ResumePendingTest {
  private static final String TOPIC = "requests";

  @Test
  void theStoreKeepsWhereARequestIsNotItsBytes() {
    IncomingRecord r = request("kept", 8, 41);
    byte[] stored = PendingRecords.encode(r);
    assertTrue(stored.length < 64, "a position, not an image: " + stored.length + " bytes");
    PendingRecords.Pending p = PendingRecords.decode(41, stored);
    assertEquals(TOPIC, p.topic());
    assertEquals(0, p.partition());
    assertEquals(41, p.offset());
    assertEquals(r.timestamp(), p.timestamp());
    assertNull(p.record(), "read again from the topic");
  }

  @Test
  void pendingRequestsAreReadAgainAndAnsweredInOrderAndAGoneOneIsADeadLetter() throws Exception {
    Map<Long, IncomingRecord> topic =
        Map.of(5L, request("five", 8, 5), 7L, request("seven", 10, 7));
    List<NavigableSet<Long>> asked = new ArrayList<>();
    RequestSource source =
        (t, partition, offsets) -> {
          asked.add(offsets);
          assertEquals(TOPIC, t);
          assertEquals(0, partition);
          return topic; // offset 6 was deleted
        };
    try (RequestHandler h = RequestPipelineTest.handler(stubs(), 4, 1, Duration.ZERO, 1)) {
      MockProcessorContext<String, Outcome> context = new MockProcessorContext<>();
      KeyValueStore<Long, byte[]> store = PendingStores.attach(context);
      for (long offset : new long[] {7, 5, 6}) {
        store.put(offset, PendingRecords.encode(request("any", 8, offset)));
      }
      store.put(8L, wholeRecordAsVersion1Stored(request("eight", 12, 8)));
      new TranslateProcessor(h, config -> source).init(context);

      List<String> keys = awaitForwarded(context, 4);
      assertEquals(List.of(List.of(5L, 6L, 7L)), asked.stream().map(List::copyOf).toList());
      assertEquals("five", keys.get(0));
      assertEquals(TOPIC + "-0-6", keys.get(1), "a dead letter without an id is keyed by position");
      assertEquals("seven", keys.get(2));
      assertEquals("eight", keys.get(3), "from an older version's store, as it holds it");
      List<Outcome> out = new ArrayList<>();
      context.forwarded().forEach(f -> out.add(f.record().value()));
      assertFalse(out.get(0).deadLetter());
      assertTrue(out.get(1).deadLetter());
      assertEquals(
          FailureReason.REQUEST_GONE.name(),
          WireHeaders.get(out.get(1).headers(), WireHeaders.REASON));
      assertTrue(
          WireHeaders.get(out.get(1).headers(), WireHeaders.DETAIL).contains("publish it again"));
      assertFalse(out.get(2).deadLetter());
      assertFalse(out.get(3).deadLetter());
      try (var it = store.all()) {
        assertFalse(it.hasNext(), "answered requests leave the store");
      }
    }
  }

  @Test
  void aTaskWithNothingPendingReadsNothing() {
    try (RequestHandler h = RequestPipelineTest.handler(stubs(), 4, 1, Duration.ZERO, 1)) {
      MockProcessorContext<String, Outcome> context = new MockProcessorContext<>();
      PendingStores.attach(context);
      new TranslateProcessor(
              h,
              config -> {
                throw new AssertionError("no consumer without requests to read again");
              })
          .init(context);
    }
  }

  private static StubModels stubs() {
    return new StubModels();
  }

  private static List<String> awaitForwarded(MockProcessorContext<String, Outcome> context, int n)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (context.forwarded().size() < n && System.nanoTime() < end) {
      context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(0));
      Thread.sleep(2);
    }
    assertEquals(n, context.forwarded().size(), "outcomes forwarded");
    List<String> keys = new ArrayList<>();
    context.forwarded().forEach(f -> keys.add(f.record().key()));
    return keys;
  }

  private static IncomingRecord request(String id, int width, long offset) {
    RecordHeaders headers = new RecordHeaders();
    WireHeaders.put(headers, WireHeaders.MODEL, "invert");
    return new IncomingRecord(
        id.getBytes(StandardCharsets.UTF_8),
        TestImages.png(width, 8),
        headers,
        TOPIC,
        0,
        offset,
        1_700_000_000_000L + offset);
  }

  /** The store's value as the version before positions wrote it (format 1: the whole record). */
  private static byte[] wholeRecordAsVersion1Stored(IncomingRecord in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(in.key().length);
      out.write(in.key());
      out.writeInt(in.value().length);
      out.write(in.value());
      Header[] headers = in.headers().toArray();
      out.writeInt(headers.length);
      for (Header h : headers) {
        out.writeUTF(h.key());
        out.writeInt(h.value().length);
        out.write(h.value());
      }
      out.writeUTF(in.topic());
      out.writeInt(in.partition());
      out.writeLong(in.offset());
      out.writeLong(in.timestamp());
    }
    return bytes.toByteArray();
  }
}
