package dev.i2i.streamer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void writesPrometheusTextWithLabelsAndCumulativeBuckets() {
    try (Metrics m = new Metrics()) {
      m.inc(Meters.RESULTS, "s2w", "2");
      m.inc(Meters.RESULTS, "s2w", "2");
      m.set(Meters.LIVE_VERSION, 2, "s\"2w");
      m.set(Meters.LIVE_VERSION, 3, "s\"2w");
      m.observe(Meters.INFERENCE, 0.004, "s2w", "1");
      m.observe(Meters.INFERENCE, 0.2, "s2w", "1");
      String text = m.scrape();
      assertTrue(text.contains("# TYPE i2i_results_total counter\n"), text);
      assertTrue(text.contains("i2i_results_total{model=\"s2w\",version=\"2\"} 2.0\n"), text);
      assertTrue(text.contains("i2i_model_live_version{model=\"s\\\"2w\"} 3.0\n"), text);
      assertTrue(text.contains("# TYPE i2i_inference_seconds histogram\n"), text);
      assertTrue(
          text.contains(
              "i2i_inference_seconds_bucket{model=\"s2w\",version=\"1\",le=\"0.005\"} 1\n"),
          text);
      assertTrue(
          text.contains(
              "i2i_inference_seconds_bucket{model=\"s2w\",version=\"1\",le=\"0.25\"} 2\n"),
          text);
      assertTrue(
          text.contains(
              "i2i_inference_seconds_bucket{model=\"s2w\",version=\"1\",le=\"+Inf\"} 2\n"),
          text);
      assertTrue(
          text.contains("i2i_inference_seconds_count{model=\"s2w\",version=\"1\"} 2\n"), text);
      assertEquals(2, m.value(Meters.RESULTS, "s2w", "2"));
      assertEquals(3, m.value(Meters.LIVE_VERSION, "s\"2w"));
      assertEquals(2, m.value(Meters.INFERENCE, "s2w", "1"));
      assertEquals(0.204, m.sum(Meters.INFERENCE), 1e-9);
      assertEquals(0.204, m.sum(Meters.INFERENCE, "s2w"), 1e-9);
      assertEquals(0, m.value(Meters.RESULTS, "s2w", "3"));
    }
  }

  @Test
  void addsTheJvmsMetersOnRequest() {
    try (Metrics m = new Metrics().withJvm()) {
      String text = m.scrape();
      for (String series :
          new String[] {
            "jvm_memory_used_bytes{area=\"heap\"",
            "jvm_threads_live_threads ",
            "jvm_gc_",
            "jvm_classes_loaded_classes ",
            "process_uptime_seconds "
          }) {
        assertTrue(text.contains(series), series + " missing in\n" + text);
      }
    }
  }

  @Test
  void aMeterTakesItsOwnKindAndOneValuePerLabel() {
    try (Metrics m = new Metrics()) {
      IllegalArgumentException arity =
          assertThrows(IllegalArgumentException.class, () -> m.inc(Meters.RESULTS, "s2w"));
      assertTrue(arity.getMessage().contains("[model, version]"), arity.getMessage());
      assertThrows(IllegalArgumentException.class, () -> m.set(Meters.RESULTS, 1, "s2w", "1"));
      assertThrows(
          IllegalArgumentException.class,
          () -> Meter.timer("i2i_latency", "a timer's name says its unit"));
    }
  }
}
