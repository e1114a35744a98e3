package dev.i2i.streamer.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Runs each request through the {@link RequestHandler} and forwards its one outcome. */
final class TranslateProcessor implements Processor<byte[], byte[], String, Outcome> {
  private final RequestHandler handler;
  private ProcessorContext<String, Outcome> context;

  TranslateProcessor(RequestHandler handler) {
    this.handler = handler;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    Outcome out =
        handler.handle(
            new IncomingRecord(
                record.key(),
                record.value(),
                record.headers(),
                meta.topic(),
                meta.partition(),
                meta.offset(),
                record.timestamp()));
    context.forward(new Record<>(out.key(), out, record.timestamp(), out.headers()));
  }
}
