package dev.i2i.streamer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void writesPrometheusTextWithLabelsAndCumulativeBuckets() {
    try (Metrics m = new Metrics()) {
      m.inc("i2i_results_total", "Requests translated", "model", "s2w", "version", "2");
      m.inc("i2i_results_total", "Requests translated", "model", "s2w", "version", "2");
      m.set("i2i_model_live_version", "Live version", 2, "model", "s\"2w");
      m.set("i2i_model_live_version", "Live version", 3, "model", "s\"2w");
      m.observe("i2i_inference_seconds", "Inference", 0.004, "model", "s2w");
      m.observe("i2i_inference_seconds", "Inference", 0.2, "model", "s2w");
      String text = m.scrape();
      assertTrue(text.contains("# TYPE i2i_results_total counter\n"), text);
      assertTrue(text.contains("i2i_results_total{model=\"s2w\",version=\"2\"} 2.0\n"), text);
      assertTrue(text.contains("i2i_model_live_version{model=\"s\\\"2w\"} 3.0\n"), text);
      assertTrue(text.contains("# TYPE i2i_inference_seconds histogram\n"), text);
      assertTrue(
          text.contains("i2i_inference_seconds_bucket{model=\"s2w\",le=\"0.005\"} 1\n"), text);
      assertTrue(
          text.contains("i2i_inference_seconds_bucket{model=\"s2w\",le=\"0.25\"} 2\n"), text);
      assertTrue(
          text.contains("i2i_inference_seconds_bucket{model=\"s2w\",le=\"+Inf\"} 2\n"), text);
      assertTrue(text.contains("i2i_inference_seconds_count{model=\"s2w\"} 2\n"), text);
      assertEquals(2, m.value("i2i_results_total", "model", "s2w", "version", "2"));
      assertEquals(3, m.value("i2i_model_live_version", "model", "s\"2w"));
      assertEquals(2, m.value("i2i_inference_seconds", "model", "s2w"));
      assertEquals(0.204, m.sum("i2i_inference_seconds"), 1e-9);
      assertEquals(0, m.value("i2i_never_set_total"));
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
  void aHistogramsNameSaysItsUnit() {
    try (Metrics m = new Metrics()) {
      assertThrows(IllegalArgumentException.class, () -> m.observe("i2i_latency", "x", 1));
    }
  }
}
