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

  /** The first DeadLetter schema (before truncation existed). */
  public static Schema deadLetterV1() throws IOException {
    try (var in = AvroCodec.class.getResourceAsStream("history/DeadLetter-1.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  /** A NOT_AN_IMAGE dead letter of request "r" with the original bytes 1, 2, as v1 wrote it. */
  public static GenericData.Record deadLetterV1Record() throws IOException {
    Schema v1 = deadLetterV1();
    GenericData.Record old = new GenericData.Record(v1);
    old.put("requestId", "r");
    old.put("reason", new GenericData.EnumSymbol(v1.getField("reason").schema(), "NOT_AN_IMAGE"));
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
