package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/** What the array pool keeps, what it hands out again, and when it lets go. */
class ArrayPoolTest {
  private static final long MIN = 1 << 12;

  private static LongShapeDescriptor floats(long... shape) {
    return LongShapeDescriptor.fromShape(shape, DataType.FLOAT);
  }

  @Test
  void aFreedBufferServesTheNextArrayOfTheSameTypeAndLength() {
    ArrayPool pool = new ArrayPool(MIN, false);
    pool.startRun();
    INDArray a = pool.allocate(floats(4, 32, 32));
    a.assign(7);
    pool.free(a);
    assertEquals(4 * 32 * 32 * 4, pool.pooledBytes());
    INDArray b = pool.allocate(floats(16, 8, 32)); // another shape, the same length
    assertSame(a.data(), b.data());
    assertArrayEquals(new long[] {16, 8, 32}, b.shape());
    assertEquals(0, pool.pooledBytes());
    INDArray c = pool.allocate(floats(4, 32, 32));
    assertNotSame(b.data(), c.data(), "a buffer in use is not handed out twice");
    assertArrayEquals(new long[] {1, 2}, pool.counts()); // one reused, two new
  }

  @Test
  void smallArraysAndOtherTypesAreNotMixedUp() {
    ArrayPool pool = new ArrayPool(MIN, false);
    pool.startRun();
    INDArray small = pool.allocate(floats(10));
    pool.free(small);
    assertTrue(small.wasClosed(), "an array under the minimum is closed, not kept");
    INDArray f = pool.allocate(floats(2048));
    pool.free(f);
    INDArray d = pool.allocate(LongShapeDescriptor.fromShape(new long[] {2048}, DataType.DOUBLE));
    assertNotSame(f.data(), d.data());
    assertEquals(DataType.DOUBLE, d.dataType());
  }

  @Test
  void buffersNobodyTakesAreFreedAfterTheirAge() {
    ArrayPool pool = new ArrayPool(MIN, false);
    pool.startRun();
    INDArray a = pool.allocate(floats(2048));
    pool.free(a);
    for (int run = 0; run < ArrayPool.MAX_AGE; run++) {
      pool.startRun();
    }
    assertEquals(2048 * 4, pool.pooledBytes(), "still waiting at its age");
    pool.startRun();
    assertEquals(0, pool.pooledBytes());
    assertTrue(a.data().wasClosed(), "its memory was freed");
  }

  @Test
  void clearingFreesEverythingItKeeps() {
    ArrayPool pool = new ArrayPool(MIN, false);
    pool.startRun();
    INDArray a = pool.allocate(floats(2048));
    INDArray b = pool.allocate(floats(4096));
    pool.free(a);
    pool.free(b);
    pool.clear();
    assertEquals(0, pool.pooledBytes());
    assertTrue(a.data().wasClosed() && b.data().wasClosed(), "their memory was freed");
  }

  @Test
  void aPoisonedPoolHandsOutNaNs() {
    ArrayPool pool = new ArrayPool(MIN, true);
    pool.startRun();
    INDArray a = pool.allocate(floats(2048));
    a.assign(1);
    pool.free(a);
    INDArray b = pool.allocate(floats(2048));
    assertTrue(Double.isNaN(b.getDouble(100)));
  }
}
