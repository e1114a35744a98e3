package dev.i2i.streamer.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Requests taken from the topic but not answered yet, as the bytes of the changelogged store that
 * keeps them: the whole record (key, value, headers, where it came from), so a task that restarts
 * after a crash answers it exactly once.
 */
final class PendingRecords {
  /** The store's name; its changelog topic is {@code <application id>-i2i-pending-changelog}. */
  static final String STORE = "i2i-pending";

  private static final int FORMAT = 1;

  private PendingRecords() {}

  /** Bytes the record takes in the store, beyond its key, value and headers. */
  static final int OVERHEAD = 64;

  static byte[] encode(IncomingRecord in) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(OVERHEAD + length(in.key()) + length(in.value()));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      write(out, in.key());
      write(out, in.value());
      Header[] headers = in.headers().toArray();
      out.writeInt(headers.length);
      for (Header h : headers) {
        out.writeUTF(h.key());
        write(out, h.value());
      }
      out.writeUTF(in.topic());
      out.writeInt(in.partition());
      out.writeLong(in.offset());
      out.writeLong(in.timestamp());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static IncomingRecord decode(byte[] stored) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      int format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("pending request in unknown format " + format);
      }
      byte[] key = read(in);
      byte[] value = read(in);
      RecordHeaders headers = new RecordHeaders();
      for (int n = in.readInt(), i = 0; i < n; i++) {
        headers.add(in.readUTF(), read(in));
      }
      return new IncomingRecord(
          key, value, headers, in.readUTF(), in.readInt(), in.readLong(), in.readLong());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes of the record's key, value and headers: what storing it costs. */
  static long size(IncomingRecord in) {
    long n = OVERHEAD + length(in.key()) + length(in.value());
    for (Header h : in.headers()) {
      n += 8 + h.key().length() * 3L + length(h.value());
    }
    return n;
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static void write(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
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
