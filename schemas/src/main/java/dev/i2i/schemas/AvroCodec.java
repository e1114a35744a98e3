package dev.i2i.schemas;

import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.avro.TranslationResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding of one record type: the header ({@code C3 01} + the writer schema's
 * 8-byte fingerprint) lets a reader resolve any writer version it was told about.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> {
  /** Longest {@code bytes} field read (an image); Avro's default is 2 GiB. */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

  /** Longest string read (ids, model names, attribute values). */
  public static final int MAX_STRING = 1024 * 1024;

  /** Most items in one array or map (attributes, version lists). */
  public static final int MAX_ITEMS = 10_000;

  static {
    // A record of a few bytes can declare a 1 GB string; Avro allocates what a length says
    // before it reads the data, so cap lengths before the first record is read (these are read
    // once, when Avro's SystemLimitException class loads). A user's -D setting wins.
    limit("org.apache.avro.limits.bytes.maxLength", MAX_BYTES);
    limit("org.apache.avro.limits.string.maxLength", MAX_STRING);
    limit("org.apache.avro.limits.collectionItems.maxLength", MAX_ITEMS);
    // Avro refuses to instantiate classes it was not told to trust.
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(),
            ClassSecurityValidator.builder()
                .add(TranslationRequest.class)
                .add(TranslationResult.class)
                .add(DeadLetter.class)
                .add(ModelDeployment.class)
                .add(dev.i2i.schemas.avro.Timings.class)
                .add(dev.i2i.schemas.avro.FailureReason.class)
                .add(dev.i2i.schemas.avro.DeploymentAction.class)
                .add(dev.i2i.schemas.avro.ModelVersionRef.class)
                .build()));
  }

  /**
   * Makes sure Avro's read limits and class trust (set when this class loads) are in place before a
   * record is read by other means (the registry's codec).
   */
  public static void installLimits() {
    // Loading this class ran the static block above; nothing else to do.
  }

  private static void limit(String property, int value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(value));
    }
  }

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final String type;

  /** Reads older writer schemas kept as resources under {@code history/}. */
  private static Schema history(String file) {
    try (var in = AvroCodec.class.getResourceAsStream("history/" + file)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new IllegalStateException("missing schema history " + file, e);
    }
  }

  /** A codec for the current schema that also reads the given older writer schemas. */
  public AvroCodec(Schema schema, Schema... olderWriterSchemas) {
    this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
    this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
    for (Schema older : olderWriterSchemas) {
      decoder.addSchema(older);
    }
    this.type = schema.getName();
  }

  public static AvroCodec<TranslationRequest> requests() {
    return new AvroCodec<>(TranslationRequest.getClassSchema());
  }

  public static AvroCodec<TranslationResult> results() {
    return new AvroCodec<>(TranslationResult.getClassSchema());
  }

  public static AvroCodec<DeadLetter> deadLetters() {
    return new AvroCodec<>(
        DeadLetter.getClassSchema(), history("DeadLetter-1.avsc"), history("DeadLetter-2.avsc"));
  }

  public static AvroCodec<ModelDeployment> deployments() {
    return new AvroCodec<>(ModelDeployment.getClassSchema());
  }

  /** True when the bytes start with the single-object encoding's marker. */
  public static boolean isSingleObject(byte[] value) {
    return value != null && value.length >= 10 && value[0] == (byte) 0xC3 && value[1] == 0x01;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer b = encoder.encode(record);
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + type, e);
    }
  }

  /** Decodes; an unknown writer schema or broken bytes fail with a message saying which. */
  public T decode(byte[] bytes) throws IOException {
    try {
      return decoder.decode(bytes);
    } catch (IOException | AvroRuntimeException e) {
      throw new IOException("not a valid " + type + " record: " + e.getMessage(), e);
    }
  }
}
