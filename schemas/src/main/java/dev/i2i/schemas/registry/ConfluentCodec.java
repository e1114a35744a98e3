package dev.i2i.schemas.registry;

import dev.i2i.schemas.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro in Confluent's wire format: a zero byte, the writer schema's 4-byte registry id (big
 * endian), then the Avro binary record. Writes under one subject ({@code <topic>-value},
 * Confluent's default naming), reads any writer schema the registry knows, resolved to this codec's
 * schema. Safe for many threads.
 *
 * @param <T> the generated record class
 */
public final class ConfluentCodec<T extends SpecificRecord> {
  /** The first byte of every Confluent-framed value. */
  public static final byte MAGIC = 0;

  private static final int HEADER = 5;

  private final SchemaRegistry registry;
  private final String subject;
  private final Schema schema;
  private final SpecificDatumWriter<T> writer;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
  private volatile int id = -1;

  /** A codec writing {@code schema} under {@code topic}'s value subject (null: reads only). */
  public ConfluentCodec(SchemaRegistry registry, String topic, Schema schema) {
    AvroCodec.installLimits();
    this.registry = registry;
    this.subject = topic == null ? null : topic + "-value";
    this.schema = schema;
    this.writer = new SpecificDatumWriter<>(schema);
  }

  /** True when {@code value} starts like a Confluent-framed record. */
  public static boolean isFramed(byte[] value) {
    return value != null && value.length > HEADER && value[0] == MAGIC;
  }

  /** The writer schema's registry id in a framed value. */
  public static int schemaId(byte[] value) {
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }

  /** Registers the schema (once) and returns its id; writing needs no registry call after this. */
  public int register() throws IOException {
    int known = id;
    if (known < 0) {
      if (subject == null) {
        throw new IllegalStateException("this " + schema.getName() + " codec only reads");
      }
      known = registry.register(subject, schema);
      id = known;
    }
    return known;
  }

  public byte[] encode(T record) throws IOException {
    int schemaId = register();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(MAGIC);
    out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    writer.write(record, enc);
    enc.flush();
    return out.toByteArray();
  }

  /**
   * Decodes a framed value. A registry that cannot be reached fails with a {@link
   * SchemaRegistryException} that says so; an unknown id, a schema that does not resolve, or broken
   * bytes fail with a message saying which.
   */
  public T decode(byte[] value) throws IOException {
    if (!isFramed(value)) {
      throw new IOException("not Confluent-framed Avro (no zero byte and schema id)");
    }
    int writerId = schemaId(value);
    SpecificDatumReader<T> reader = readers.get(writerId);
    if (reader == null) {
      Schema writerSchema = registry.schema(writerId);
      reader = new SpecificDatumReader<>(writerSchema, schema);
      readers.putIfAbsent(writerId, reader);
    }
    try {
      BinaryDecoder dec =
          DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, null);
      T record = reader.read(null, dec);
      if (!dec.isEnd()) {
        throw new IOException((value.length - HEADER) + " bytes hold more than one record");
      }
      return record;
    } catch (IOException | AvroRuntimeException e) {
      throw new IOException(
          "not a valid "
              + schema.getName()
              + " record with writer schema id "
              + writerId
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
