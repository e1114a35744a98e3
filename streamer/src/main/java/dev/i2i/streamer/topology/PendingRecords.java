package dev.i2i.streamer.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Requests taken from the topic but not answered yet, as the bytes of the changelogged store that
 * keeps them (keyed by the request's offset): where each request is in its topic, so a task that
 * restarts after a crash reads it again ({@link RequestSource}) and answers it exactly once. The
 * request itself stays in its topic, where it already is: keeping its bytes in the store too cost a
 * second write and read of every image in the broker. Stores written by an older version hold the
 * whole record instead, and are read as such.
 */
final class PendingRecords {
  /** The store's name; its changelog topic is {@code <application id>-i2i-pending-changelog}. */
  static final String STORE = "i2i-pending";

  private static final int WHOLE_RECORD = 1;
  private static final int POSITION = 2;

  private PendingRecords() {}

  /**
   * A request in flight as the store has it.
   *
   * @param record the request itself when the store held it whole (an older version's store); null
   *     when it is to be read again from {@code topic}, {@code partition}, {@code offset}
   */
  record Pending(String topic, int partition, long offset, long timestamp, IncomingRecord record) {
    /** What a dead letter for a request that can no longer be read says about it. */
    IncomingRecord position() {
      return new IncomingRecord(
          null, null, new RecordHeaders(), topic, partition, offset, timestamp);
    }
  }

  static byte[] encode(IncomingRecord in) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + in.topic().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(POSITION);
      out.writeUTF(in.topic());
      out.writeInt(in.partition());
      out.writeLong(in.timestamp());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Pending decode(long offset, byte[] stored) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      int format = in.readByte();
      if (format == POSITION) {
        return new Pending(in.readUTF(), in.readInt(), offset, in.readLong(), null);
      }
      if (format == WHOLE_RECORD) {
        IncomingRecord r = wholeRecord(in);
        return new Pending(r.topic(), r.partition(), r.offset(), r.timestamp(), r);
      }
      throw new IllegalStateException("pending request in unknown format " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Format 1: key, value, headers, topic, partition, offset, timestamp. */
  private static IncomingRecord wholeRecord(DataInputStream in) throws IOException {
    byte[] key = read(in);
    byte[] value = read(in);
    RecordHeaders headers = new RecordHeaders();
    for (int n = in.readInt(), i = 0; i < n; i++) {
      headers.add(in.readUTF(), read(in));
    }
    return new IncomingRecord(
        key, value, headers, in.readUTF(), in.readInt(), in.readLong(), in.readLong());
  }

  private static byte[] read(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
