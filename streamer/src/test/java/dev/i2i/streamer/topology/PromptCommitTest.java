package dev.i2i.streamer.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.serve.ModelLookup;
import dev.i2i.streamer.serve.ServedModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * When a forwarded result is committed (and so seen by {@code read_committed} consumers): at once
 * while the task's window of requests in flight is less than half full, at the commit interval (or
 * once nothing is in flight) when it is fuller.
 */
class PromptCommitTest {
  /**
   * Inverts colours; images 16 pixels wide wait at {@code gate} (a long inference call), 12 wide at
   * {@code first}.
   */
  private static final class Gated {
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch first = new CountDownLatch(1);
    final ModelLookup models =
        StubModels.only(
            new ServedModel(
                "gated",
                1,
                img -> {
                  if (img.getWidth() == 16) {
                    gate.await();
                  } else if (img.getWidth() == 12) {
                    first.await();
                  }
                  return StubModels.invert(img);
                }));
  }

  @Test
  void belowThePeakAResultIsCommittedWhileItsNeighbourIsStillInInference() throws Exception {
    Gated models = new Gated();
    try (RequestHandler h = handler(models, 2)) {
      Task task = new Task(h);
      task.take("fast", 8, 0);
      task.take("slow", 16, 1); // runs beside it on the second inference thread
      task.awaitForwarded(1);
      assertTrue(task.context.committed(), "the first result is visible without waiting");
      models.gate.countDown();
      task.awaitForwarded(2);
    }
  }

  @Test
  void atThePeakResultsWaitForTheCommitInterval() throws Exception {
    Gated models = new Gated();
    try (RequestHandler h = handler(models, 1)) {
      Task task = new Task(h);
      task.take("first", 12, 0);
      task.take("slow", 16, 1);
      task.take("queued", 8, 2); // three of four in flight
      models.first.countDown();
      task.awaitForwarded(1);
      assertFalse(task.context.committed(), "no extra transaction at the peak");
      models.gate.countDown();
      task.awaitForwarded(3);
      assertTrue(task.context.committed(), "committed once the task has nothing in flight");
    }
  }

  /** One stream task: the processor, its context and its store. */
  private static final class Task {
    final MockProcessorContext<String, Outcome> context = new MockProcessorContext<>();
    final TranslateProcessor processor;

    Task(RequestHandler handler) {
      PendingStores.attach(context);
      processor = new TranslateProcessor(handler, RequestSource::kafka);
      processor.init(context);
    }

    void take(String id, int width, long offset) {
      RecordHeaders headers = new RecordHeaders();
      WireHeaders.put(headers, WireHeaders.MODEL, "gated");
      context.setRecordMetadata(Topics.DEFAULT.requests(), 0, offset);
      processor.process(
          new Record<>(
              id.getBytes(StandardCharsets.UTF_8),
              TestImages.png(width, 8),
              System.currentTimeMillis(),
              headers));
    }

    void punctuate() {
      context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(0));
    }

    void awaitForwarded(int n) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (context.forwarded().size() < n && System.nanoTime() < end) {
        punctuate();
        Thread.sleep(2);
      }
      assertEquals(n, context.forwarded().size(), "results forwarded");
    }
  }

  private static RequestHandler handler(Gated gated, int inferenceThreads) {
    return RequestPipelineTest.handler(gated.models, 4, 1, Duration.ofMillis(5), inferenceThreads);
  }
}
