package dev.i2i.schemas.testing;

import dev.i2i.schemas.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Records as older or other writers wrote them, for schema evolution and framing tests. */
public final class OldRecords {
  private OldRecords() {}

  /** A DeadLetter schema kept under {@code history/} ({@code DeadLetter-1.avsc}, ...). */
  public static Schema deadLetterSchema(String historyFile) throws IOException {
    try (var in = AvroCodec.class.getResourceAsStream("history/" + historyFile)) {
      return new Schema.Parser().parse(in);
    }
  }

  /** The first DeadLetter schema (before truncation existed). */
  public static Schema deadLetterV1() throws IOException {
    return deadLetterSchema("DeadLetter-1.avsc");
  }

  /** A NOT_AN_IMAGE dead letter of request "r" with the original bytes 1, 2, as v1 wrote it. */
  public static GenericData.Record deadLetterV1Record() throws IOException {
    return deadLetter(deadLetterV1(), "NOT_AN_IMAGE");
  }

  /** A dead letter of request "r" with the original bytes 1, 2 in {@code schema}'s fields. */
  public static GenericData.Record deadLetter(Schema schema, String reason) {
    GenericData.Record old = new GenericData.Record(schema);
    old.put("requestId", "r");
    old.put("reason", new GenericData.EnumSymbol(schema.getField("reason").schema(), reason));
    old.put("detail", "d");
    old.put("sourceTopic", "t");
    old.put("sourcePartition", 0);
    old.put("sourceOffset", 5L);
    old.put("original", ByteBuffer.wrap(new byte[] {1, 2}));
    old.put("failedAt", 1L);
    return old;
  }

  /** {@code record} in Confluent's framing: a zero byte, {@code schemaId}, the Avro binary. */
  public static byte[] confluentFramed(int schemaId, GenericData.Record record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericData.Record>(record.getSchema()).write(record, enc);
    enc.flush();
    return out.toByteArray();
  }
}
