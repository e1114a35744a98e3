package dev.i2i.streamer.kafka;

import dev.i2i.streamer.metrics.Meters;
import dev.i2i.streamer.metrics.Metrics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when Kafka refuses to take a record the service wrote. The service sizes every
 * result and dead letter against its topic's real limit before writing it, so this is the last
 * line: a record the broker still refuses is logged and counted ({@code
 * i2i_production_errors_total}) and the stream goes on, where Kafka Streams' default handler would
 * kill the stream thread and its replacement would fail on the same record forever.
 */
public final class ProductionErrors implements ProductionExceptionHandler {
  /** Streams config key under which the service passes its {@link Metrics} to this handler. */
  public static final String METRICS = "i2i.metrics";

  private static final Logger LOG = LoggerFactory.getLogger(ProductionErrors.class);
  private Metrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = configs.get(METRICS) instanceof Metrics m ? m : new Metrics();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return dropped(context, record, exception);
  }

  @Override
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return dropped(context, record, exception);
  }

  private Response dropped(ErrorHandlerContext context, ProducerRecord<?, ?> record, Exception e) {
    String kind = e.getClass().getSimpleName();
    metrics.inc(Meters.PRODUCTION_ERRORS, kind);
    LOG.error(
        "Kafka refused the outcome of {}-{}@{} for topic {} ({}); it is skipped: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        record.topic(),
        kind,
        e.getMessage());
    return Response.resume();
  }
}
