package dev.i2i.streamer.metrics;

/**
 * Every meter of the service's own, with its labels: the list the README's metrics section shows.
 */
public final class Meters {
  public static final Meter RESULTS =
      Meter.counter("i2i_results_total", "Requests translated", "model", "version");
  public static final Meter DEAD_LETTERS =
      Meter.counter("i2i_dead_letters_total", "Requests sent to the dead-letter topic", "reason");
  public static final Meter DEAD_LETTERS_TRUNCATED =
      Meter.counter(
          "i2i_dead_letters_truncated_total",
          "Dead letters whose original was cut to fit the dead-letter topic");
  public static final Meter STAGE =
      Meter.timer("i2i_stage_seconds", "Time per request by stage, seconds", "stage");
  public static final Meter INFERENCE =
      Meter.timer(
          "i2i_inference_seconds",
          "ONNX Runtime time per request, by model version",
          "model",
          "version");
  public static final Meter PROCESSING =
      Meter.timer("i2i_processing_seconds", "Decode to encoded result, seconds");
  public static final Meter LIVE_VERSION =
      Meter.gauge("i2i_model_live_version", "Version serving the model", "model");
  public static final Meter CANARY_PERCENT =
      Meter.gauge(
          "i2i_model_canary_percent", "Share of requests sent to the canary version", "model");
  public static final Meter SWAPS =
      Meter.counter("i2i_model_swaps_total", "Routings installed", "model", "version");
  public static final Meter REFUSALS =
      Meter.counter(
          "i2i_model_refusals_total",
          "Model versions refused by this instance",
          "model",
          "version");
  public static final Meter FOLLOWER_ERRORS =
      Meter.counter(
          "i2i_models_follower_errors_total",
          "Errors following the models topic (undecodable records, consumer failures)",
          "kind");
  public static final Meter PRODUCTION_ERRORS =
      Meter.counter(
          "i2i_production_errors_total",
          "Outcomes Kafka refused to take, logged and skipped",
          "error");
  public static final Meter THREAD_DEATHS =
      Meter.counter("i2i_stream_thread_deaths_total", "Stream threads that died and were replaced");
  public static final Meter STREAM_RUNNING =
      Meter.gauge("i2i_stream_running", "1 while Kafka Streams is running");
  public static final Meter UP = Meter.gauge("i2i_up", "1 while /health says UP");

  private Meters() {}
}
