package dev.i2i.streamer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void writesPrometheusTextWithLabelsAndCumulativeBuckets() {
    Metrics m = new Metrics();
    m.inc("i2i_results_total", "Requests translated", "model", "s2w", "version", "2");
    m.inc("i2i_results_total", "Requests translated", "model", "s2w", "version", "2");
    m.set("i2i_model_live_version", "Live version", 2, "model", "s\"2w");
    m.observe("i2i_inference_seconds", "Inference", 0.004, "model", "s2w");
    m.observe("i2i_inference_seconds", "Inference", 0.2, "model", "s2w");
    String text = m.scrape();
    assertTrue(text.contains("# TYPE i2i_results_total counter\n"), text);
    assertTrue(text.contains("i2i_results_total{model=\"s2w\",version=\"2\"} 2\n"), text);
    assertTrue(text.contains("i2i_model_live_version{model=\"s\\\"2w\"} 2\n"), text);
    assertTrue(text.contains("i2i_inference_seconds_bucket{model=\"s2w\",le=\"0.005\"} 1\n"), text);
    assertTrue(text.contains("i2i_inference_seconds_bucket{model=\"s2w\",le=\"0.25\"} 2\n"), text);
    assertTrue(text.contains("i2i_inference_seconds_bucket{model=\"s2w\",le=\"+Inf\"} 2\n"), text);
    assertTrue(text.contains("i2i_inference_seconds_count{model=\"s2w\"} 2\n"), text);
    assertEquals(2, m.value("i2i_results_total", "model", "s2w", "version", "2"));
  }
}
