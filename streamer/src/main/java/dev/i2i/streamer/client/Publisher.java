package dev.i2i.streamer.client;

import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.streamer.kafka.KafkaSettings;
import dev.i2i.streamer.topology.WireHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes images as translation requests: Avro records, or raw image bytes. */
public final class Publisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final WireCodecs codecs;

  /**
   * A publisher to {@code topic}; with a schema registry in the settings, Avro requests are written
   * in Confluent's framing under the registered id (registered now, so a problem shows at once).
   */
  public Publisher(KafkaSettings kafka, String topic) throws IOException {
    this.topic = topic;
    this.codecs = WireCodecs.of(kafka.schemaRegistry(), topic, null, null);
    codecs.registerRequests();
    this.producer =
        new KafkaProducer<>(
            kafka.clientProperties(
                Map.of(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    kafka.maxRecordBytes(),
                    ProducerConfig.LINGER_MS_CONFIG,
                    5)),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Sends one request (asynchronously); {@code raw} sends the file bytes with a model header. */
  public Future<RecordMetadata> publish(
      String id,
      String model,
      byte[] image,
      String contentType,
      Map<String, String> attributes,
      boolean raw) {
    ProducerRecord<String, byte[]> record;
    if (raw) {
      record = new ProducerRecord<>(topic, id, image);
      WireHeaders.put(record.headers(), WireHeaders.MODEL, model);
    } else {
      TranslationRequest req =
          new TranslationRequest(
              id, model, ByteBuffer.wrap(image), contentType, Instant.now(), attributes);
      record = new ProducerRecord<>(topic, id, codecs.encodeRequest(req));
    }
    return producer.send(record);
  }

  /** Sends bytes as they are (for tests and tools that craft their own records). */
  public Future<RecordMetadata> publishBytes(String key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key, value));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
