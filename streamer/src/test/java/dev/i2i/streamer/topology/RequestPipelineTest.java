package dev.i2i.streamer.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.kafka.RecordLimits;
import dev.i2i.streamer.metrics.Metrics;
import dev.i2i.streamer.serve.ImageTranslator;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Requests in flight: micro-batches, order, deadlines, and the store that survives a crash. */
class RequestPipelineTest {
  /** A model that records the size of every inference call and can be held at a gate. */
  static final class Recording {
    final List<Integer> calls = new CopyOnWriteArrayList<>();
    final List<String> sizes = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final ServedModel model =
        new ServedModel(
            "rec",
            1,
            new ImageTranslator() {
              @Override
              public BufferedImage translate(BufferedImage image) throws Exception {
                return translateAll(List.of(image)).get(0);
              }

              @Override
              public List<BufferedImage> translateAll(List<BufferedImage> images) throws Exception {
                gate.await();
                calls.add(images.size());
                List<BufferedImage> out = new ArrayList<>();
                for (BufferedImage i : images) {
                  sizes.add(i.getWidth() + "x" + i.getHeight());
                  out.add(StubModels.invert(i));
                }
                return out;
              }
            });
  }

  private static RequestHandler handler(Recording models, int inFlight, int batch) {
    return handler(StubModels.only(models.model), inFlight, batch, Duration.ofMillis(200), 1);
  }

  /** A handler for topology tests: 20 s deadline, PNG results, 1 MB limits. */
  static RequestHandler handler(
      ModelLookup models, int inFlight, int batch, Duration batchWait, int inferenceThreads) {
    return new RequestHandler(
        models,
        new RequestHandler.Settings(
            null,
            1_000_000,
            Duration.ofSeconds(20),
            ImageEncoder.PNG,
            inFlight,
            batch,
            batchWait,
            inferenceThreads),
        RecordLimits.of(1_000_000),
        new Metrics());
  }

  private static IncomingRecord request(String id, int w, int h, long offset) {
    RecordHeaders headers = new RecordHeaders();
    WireHeaders.put(headers, WireHeaders.MODEL, "rec");
    return new IncomingRecord(
        id.getBytes(StandardCharsets.UTF_8),
        TestImages.png(w, h),
        headers,
        "requests",
        0,
        offset,
        System.currentTimeMillis());
  }

  @Test
  void batchingKeepsABatchInFlightForEveryInferenceThread() {
    var batched =
        new RequestHandler.Settings(
            null, 1_000, Duration.ofSeconds(1), ImageEncoder.PNG, 4, 4, Duration.ZERO, 2);
    assertEquals(8, batched.inFlight(), "4 in flight would leave one of two threads waiting");
    var serial =
        new RequestHandler.Settings(
            null, 1_000, Duration.ofSeconds(1), ImageEncoder.PNG, 1, 1, Duration.ZERO, 2);
    assertEquals(1, serial.inFlight(), "without batching the setting stands");
  }

  @Test
  void sameSizeRequestsShareAnInferenceCallAndOtherSizesAreNeverMixedIn() throws Exception {
    Recording models = new Recording();
    models.gate = new CountDownLatch(1); // the first call waits, so the others queue up
    try (RequestHandler h = handler(models, 8, 4)) {
      List<CompletableFuture<Outcome>> outs = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        outs.add(h.submit(request("a" + i, 16, 12, i)));
      }
      outs.add(h.submit(request("b", 20, 20, 7)));
      Thread.sleep(300);
      models.gate.countDown();
      for (CompletableFuture<Outcome> o : outs) {
        Outcome out = o.get(20, TimeUnit.SECONDS);
        assertFalse(out.deadLetter(), "every request is translated");
      }
      assertEquals(8, models.calls.stream().mapToInt(Integer::intValue).sum());
      assertTrue(
          models.calls.stream().anyMatch(n -> n > 1), "some calls were batches: " + models.calls);
      assertTrue(models.calls.stream().allMatch(n -> n <= 4), "no batch over 4: " + models.calls);
      // The 20x20 image ran in a call of its own (a batch holds one size).
      int at = models.sizes.indexOf("20x20");
      int before = 0;
      for (int n : models.calls) {
        if (before == at) {
          assertEquals(1, n, "the 20x20 image shares no call: " + models.calls);
        }
        before += n;
      }
    }
  }

  @Test
  void aRequestStuckInInferenceBecomesADeadLetterAtItsDeadlineAndTheNextIsServed()
      throws Exception {
    Recording models = new Recording();
    models.gate = new CountDownLatch(1); // never opened for the first call
    RequestHandler h =
        new RequestHandler(
            StubModels.only(models.model),
            new RequestHandler.Settings(
                null, 1_000_000, Duration.ofMillis(500), ImageEncoder.PNG, 2, 1, Duration.ZERO, 1),
            RecordLimits.of(1_000_000),
            new Metrics());
    try (h) {
      Outcome stuck = h.submit(request("stuck", 8, 8, 0)).get(10, TimeUnit.SECONDS);
      assertTrue(stuck.deadLetter());
      assertEquals(
          FailureReason.DEADLINE_EXCEEDED.name(),
          WireHeaders.get(stuck.headers(), WireHeaders.REASON));
      models.gate.countDown();
      assertFalse(h.submit(request("next", 8, 8, 1)).get(10, TimeUnit.SECONDS).deadLetter());
    }
  }

  @Test
  void outcomesLeaveInRequestOrderAndTheStoreEmptiesAsTheyDo() throws Exception {
    Recording models = new Recording();
    try (RequestHandler h = handler(models, 4, 1);
        TopologyTestDriver driver =
            new TopologyTestDriver(
                TranslationTopology.buildTopology(Topics.DEFAULT, h), new Properties())) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              Topics.DEFAULT.requests(), new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic(
              Topics.DEFAULT.results(), new StringDeserializer(), new ByteArrayDeserializer());
      KeyValueStore<Long, byte[]> pending = driver.getKeyValueStore(PendingRecords.STORE);
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String id = "r" + i;
        sent.add(id);
        IncomingRecord r = request(id, 8 + i, 8, i);
        in.pipeInput(
            new org.apache.kafka.streams.test.TestRecord<>(r.key(), r.value(), r.headers()));
      }
      List<String> got = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (got.size() < sent.size() && System.nanoTime() < end) {
        driver.advanceWallClockTime(TranslateProcessor.LOOK_EVERY);
        out.readKeyValuesToList().forEach(kv -> got.add(kv.key));
        Thread.sleep(5);
      }
      assertEquals(sent, got);
      assertEquals(0, count(pending), "answered requests leave the store");
    }
  }

  @Test
  void aRequestInFlightIsKeptInTheStoreForWhoeverAnswersIt() throws Exception {
    // What a task that takes over after a crash finds, reads again and answers (ResumePendingTest,
    // CrashRecoveryIT).
    Recording models = new Recording();
    models.gate = new CountDownLatch(1);
    try (RequestHandler h = handler(models, 4, 1);
        TopologyTestDriver driver =
            new TopologyTestDriver(
                TranslationTopology.buildTopology(Topics.DEFAULT, h), new Properties())) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              Topics.DEFAULT.requests(), new ByteArraySerializer(), new ByteArraySerializer());
      IncomingRecord r = request("kept", 8, 8, 0);
      in.pipeInput(
          new org.apache.kafka.streams.test.TestRecord<>(r.key(), r.value(), r.headers(), 1234L));
      KeyValueStore<Long, byte[]> pending = driver.getKeyValueStore(PendingRecords.STORE);
      assertEquals(1, count(pending), "a request in flight is in the store");
      PendingRecords.Pending stored = PendingRecords.decode(0L, pending.get(0L));
      assertEquals(Topics.DEFAULT.requests(), stored.topic());
      assertEquals(0, stored.partition());
      assertEquals(0L, stored.offset());
      assertEquals(1234L, stored.timestamp());
      models.gate.countDown();
    }
  }

  private static int count(KeyValueStore<Long, byte[]> store) {
    int n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> kv = it.next();
        n += kv.value != null ? 1 : 0;
      }
    }
    return n;
  }
}
