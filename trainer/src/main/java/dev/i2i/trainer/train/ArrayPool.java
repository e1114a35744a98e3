package dev.i2i.trainer.train;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of large intermediate arrays, kept between the ops and the steps that need it again.
 *
 * <p>A training step allocates and frees the same large activations and gradients, of the same few
 * sizes, thousands of times. Freed, they either go back to the system (each next one is mapped,
 * faulted in and zeroed again by the kernel: on hosts where a page fault is dear, virtual machines
 * that trap them, that was most of a 128 px step, 25.6 s against 5.9 s with this pool) or stay in
 * glibc's heaps, which fragment (3.4 GB peak at 128 px against 2.0 GB with this pool). Here a freed
 * array's buffer waits for the next allocation of the same type and length, which gets it as it is:
 * the ops {@link CompiledGraph} runs write all of their outputs, which the poisoned pools of {@code
 * CompiledGraphTest} check. Buffers nobody took for {@link #MAX_AGE} runs are freed, so a change of
 * image size does not strand memory. What it costs: the pool holds, between steps, the largest
 * number of arrays of each size that were alive at once, which is more than were alive at once over
 * all sizes (2.0 against 1.5 GB peak at 128 px, ngf 64).
 *
 * <p>{@code -Di2i.arrayPool=false} turns it off; {@code i2i.arrayPoolMinBytes} sets the smallest
 * array kept ({@link NativeMemory#LARGE} by default).
 */
final class ArrayPool {
  /** Graph runs a pooled buffer may wait before it is freed. */
  static final int MAX_AGE = 16;

  private static final ArrayPool SHARED =
      Boolean.parseBoolean(System.getProperty("i2i.arrayPool", "true"))
          ? new ArrayPool(Long.getLong("i2i.arrayPoolMinBytes", NativeMemory.LARGE), false)
          : null;

  private record Key(DataType type, long length) {}

  private record Entry(DataBuffer buffer, long run) {}

  private final long minBytes;
  private final boolean poison;
  private final Map<Key, ArrayDeque<Entry>> waiting = new HashMap<>();
  private long run;
  private long pooledBytes;
  private long reused;
  private long allocated;

  /**
   * @param minBytes arrays this large or larger are pooled
   * @param poison fill every buffer handed out again with NaN (tests: an op that read its output
   *     before writing it would show)
   */
  ArrayPool(long minBytes, boolean poison) {
    this.minBytes = minBytes;
    this.poison = poison;
  }

  /** The process's pool, or null when {@code i2i.arrayPool} is false. */
  static ArrayPool shared() {
    return SHARED;
  }

  /** Marks the start of a graph run, and frees what waited too long. */
  synchronized void startRun() {
    run++;
    for (Iterator<ArrayDeque<Entry>> it = waiting.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Entry> q = it.next();
      while (!q.isEmpty() && run - q.peekFirst().run > MAX_AGE) {
        DataBuffer b = q.pollFirst().buffer;
        pooledBytes -= bytes(b);
        release(b);
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Frees every buffer waiting in the pool. */
  synchronized void clear() {
    waiting.values().forEach(q -> q.forEach(e -> release(e.buffer)));
    waiting.clear();
    pooledBytes = 0;
  }

  /** An array of this shape, from a pooled buffer when one fits, else newly allocated. */
  synchronized INDArray allocate(LongShapeDescriptor d) {
    long[] shape = d.getShape();
    DataType type = d.dataType();
    long length = ArrayUtil.prodLong(shape);
    if (pooled(type, length)) {
      ArrayDeque<Entry> q = waiting.get(new Key(type, length));
      if (q != null && !q.isEmpty()) {
        DataBuffer b = q.pollLast().buffer; // the most recently freed: likeliest in cache
        pooledBytes -= bytes(b);
        reused++;
        INDArray a = Nd4j.create(b, shape, Nd4j.getStrides(shape, 'c'), 0, 'c', type);
        if (poison) {
          a.assign(Double.NaN);
        }
        return a;
      }
      allocated++;
    }
    return Nd4j.createUninitializedDetached(type, shape);
  }

  /**
   * Takes a dead intermediate: its buffer waits for reuse if it is large, otherwise it is closed.
   * The array must not be used afterwards.
   */
  synchronized void free(INDArray a) {
    if (!a.closeable()) {
      return;
    }
    if (!pooled(a.dataType(), a.length()) || a.data().length() != a.length()) {
      a.close();
      return;
    }
    DataBuffer b = a.data();
    waiting
        .computeIfAbsent(new Key(a.dataType(), a.length()), k -> new ArrayDeque<>())
        .addLast(new Entry(b, run));
    pooledBytes += bytes(b);
  }

  private boolean pooled(DataType type, long length) {
    return type.width() > 0 && length * type.width() >= minBytes;
  }

  private static long bytes(DataBuffer b) {
    return b.length() * b.dataType().width();
  }

  private static void release(DataBuffer b) {
    if (b.closeable()) {
      b.close();
    }
  }

  /** Bytes waiting in the pool now. */
  synchronized long pooledBytes() {
    return pooledBytes;
  }

  /** Allocations served from the pool and those that found nothing to reuse, since the start. */
  synchronized long[] counts() {
    return new long[] {reused, allocated};
  }
}
