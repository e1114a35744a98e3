package dev.i2i.schemas;

import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.schemas.registry.ConfluentCodec;
import dev.i2i.schemas.registry.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * How requests, results and dead letters are framed on the wire. Without a schema registry: Avro
 * single-object encoding. With one: also Confluent's framing (zero byte, 4-byte schema id), which
 * is what Kafka shops' Avro serializers write; a reader accepts both, a result goes back framed
 * like its request, dead letters and published requests use the registry. Safe for many threads.
 */
public final class WireCodecs {
  /** How one value is framed. */
  public enum Framing {
    /** Not Avro: an image file as it is. */
    RAW,
    /** Avro single-object encoding ({@code C3 01} and the schema's fingerprint). */
    SINGLE_OBJECT,
    /** Confluent's framing, schema id from a registry. */
    CONFLUENT
  }

  private static final ThreadLocal<AvroCodec<TranslationRequest>> REQUESTS =
      ThreadLocal.withInitial(AvroCodec::requests);
  private static final ThreadLocal<AvroCodec<TranslationResult>> RESULTS =
      ThreadLocal.withInitial(AvroCodec::results);
  private static final ThreadLocal<AvroCodec<DeadLetter>> DEAD_LETTERS =
      ThreadLocal.withInitial(AvroCodec::deadLetters);

  private final SchemaRegistry registry;
  private final ConfluentCodec<TranslationRequest> requests;
  private final ConfluentCodec<TranslationResult> results;
  private final ConfluentCodec<DeadLetter> deadLetters;

  private WireCodecs(
      SchemaRegistry registry, String requestsTopic, String resultsTopic, String deadLetterTopic) {
    this.registry = registry;
    this.requests = codec(registry, requestsTopic, TranslationRequest.getClassSchema());
    this.results = codec(registry, resultsTopic, TranslationResult.getClassSchema());
    this.deadLetters = codec(registry, deadLetterTopic, DeadLetter.getClassSchema());
  }

  private static <T extends SpecificRecord> ConfluentCodec<T> codec(
      SchemaRegistry registry, String topic, Schema schema) {
    // Reading resolves by the record's schema id, so a topic is only needed to write.
    return registry == null ? null : new ConfluentCodec<>(registry, topic, schema);
  }

  /** Single-object encoding only. */
  public static WireCodecs singleObject() {
    return new WireCodecs(null, null, null, null);
  }

  /**
   * With {@code registry} (single-object only when it is null), writing under these topics'
   * subjects; a side that only reads may leave its topics null.
   */
  public static WireCodecs of(
      SchemaRegistry registry, String requestsTopic, String resultsTopic, String deadLetterTopic) {
    return new WireCodecs(registry, requestsTopic, resultsTopic, deadLetterTopic);
  }

  /** The registry, or null. */
  public SchemaRegistry registry() {
    return registry;
  }

  /**
   * Confluent framing is recognised only with a registry; anything else that is not Avro is raw.
   */
  public Framing framing(byte[] value) {
    if (AvroCodec.isSingleObject(value)) {
      return Framing.SINGLE_OBJECT;
    }
    if (registry != null && ConfluentCodec.isFramed(value)) {
      return Framing.CONFLUENT;
    }
    return Framing.RAW;
  }

  /**
   * Registers the schemas this side writes (results and dead letters), so that a registry problem
   * shows at start and writing needs no registry call later. Nothing without a registry.
   */
  public void registerOutputs() throws IOException {
    if (registry != null) {
      results.register();
      deadLetters.register();
    }
  }

  /** Registers the request schema (the publishing side). Nothing without a registry. */
  public void registerRequests() throws IOException {
    if (registry != null) {
      requests.register();
    }
  }

  public TranslationRequest decodeRequest(byte[] value) throws IOException {
    return framing(value) == Framing.CONFLUENT
        ? requests.decode(value)
        : REQUESTS.get().decode(value);
  }

  /** A request, framed for the registry when there is one. */
  public byte[] encodeRequest(TranslationRequest r) {
    return registry != null ? unchecked(() -> requests.encode(r)) : REQUESTS.get().encode(r);
  }

  public TranslationResult decodeResult(byte[] value) throws IOException {
    return framing(value) == Framing.CONFLUENT
        ? results.decode(value)
        : RESULTS.get().decode(value);
  }

  /** A result framed as {@code framing} (its request's): Confluent or single-object. */
  public byte[] encodeResult(TranslationResult r, Framing framing) {
    if (framing == Framing.CONFLUENT && registry != null) {
      return unchecked(() -> results.encode(r));
    }
    return RESULTS.get().encode(r);
  }

  public DeadLetter decodeDeadLetter(byte[] value) throws IOException {
    return framing(value) == Framing.CONFLUENT
        ? deadLetters.decode(value)
        : DEAD_LETTERS.get().decode(value);
  }

  /** A dead letter, framed for the registry when there is one. */
  public byte[] encodeDeadLetter(DeadLetter d) {
    return registry != null ? unchecked(() -> deadLetters.encode(d)) : DEAD_LETTERS.get().encode(d);
  }

  private interface Io<T> {
    T get() throws IOException;
  }

  /** Writing calls the registry only when {@code register...()} was not called first. */
  private static <T> T unchecked(Io<T> io) {
    try {
      return io.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
