package dev.i2i.trainer.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.i2i.runtime.ResidentMemory;

/**
 * The C allocator's side of training memory (glibc on Linux; elsewhere these do nothing). ND4J
 * allocates every array with malloc; a step frees and reallocates thousands of them of many sizes,
 * and glibc keeps the freed pages, so resident memory grows far past what is alive.
 */
public final class NativeMemory {
  private static final int M_MMAP_THRESHOLD = -3;

  /** Arrays from this size on are large: a model with such activations frees them as it goes. */
  static final int LARGE = 1 << 20;

  /**
   * Allocations this large or larger get their own mappings ({@code i2i.mmapThreshold}, bytes; 0
   * leaves glibc's own, rising threshold). By default: glibc's own where the {@link ArrayPool}
   * keeps the large arrays, {@link #LARGE} where it is off. glibc's threshold keeps the ops' own
   * large scratch buffers (im2col, ...) and the updates' temporaries in its heaps instead of
   * mapping and faulting them in for each op; without the pool, freed activations would pile up
   * there too.
   */
  static final int MAP_THRESHOLD =
      Integer.getInteger("i2i.mmapThreshold", ArrayPool.shared() == null ? LARGE : 0);

  private static boolean configured;
  private static long settled = -1;

  private NativeMemory() {}

  /** Sets the allocator up for training, once per process. */
  public static synchronized void configure() {
    if (!configured && MAP_THRESHOLD > 0) {
      mapLargeAllocations(MAP_THRESHOLD);
    }
    configured = true;
  }

  /**
   * Between two steps: collects the step's arrays that only the garbage collector frees (ND4J frees
   * an array's native memory when its Java object is collected, and the heap stays small, so
   * without this resident memory creeps up), then returns the allocator's free pages to the system
   * when what stays resident between steps has grown by a twentieth (and 64 MB) since the last
   * trim. The level compared is the one before trimming: the pages a step frees are the ones the
   * next step takes again, so trimming them after every step (as this did when it compared with the
   * level after the last trim) only made the next step fault them in and zero them again; it does
   * not lower the peak, which the step itself sets. Where page faults are dear (this machine's
   * virtualisation on 2026-11-30) that was 0.89 against 0.30 s a step at 64 px.
   */
  public static synchronized void afterStep() {
    System.gc();
    long resident = ResidentMemory.megabytes();
    if (settled < 0 || resident > grown(settled)) {
      trim();
      settled = resident;
    }
  }

  private static double grown(long level) {
    return Math.max(level * 1.05, level + 64);
  }

  /**
   * Serves allocations of {@code bytes} or more with their own mappings, returned to the system
   * when freed (glibc otherwise raises this threshold to 32 MB as arrays are freed, and keeps
   * them). Returns false where the C library has no {@code mallopt}.
   */
  public static boolean mapLargeAllocations(int bytes) {
    Function f = function("mallopt");
    return f != null && f.invokeInt(new Object[] {M_MMAP_THRESHOLD, bytes}) == 1;
  }

  /**
   * Until the returned handle is closed, resident memory is what is alive: compiled passes use no
   * array pool and every allocation of {@link #LARGE} or more gets a mapping of its own, which
   * stays so (for memory profiles; slower where page faults are dear).
   */
  public static AutoCloseable residentIsAlive() {
    mapLargeAllocations(LARGE);
    ArrayPool pool = CompiledGraph.usePool(null);
    if (pool != null) {
      pool.clear();
    }
    return () -> CompiledGraph.usePool(pool);
  }

  /** Returns the allocator's free pages to the system ({@code malloc_trim}). */
  public static void trim() {
    Function f = function("malloc_trim");
    if (f != null) {
      f.invokeInt(new Object[] {0});
    }
  }

  private static Function function(String name) {
    try {
      return NativeLibrary.getInstance("c").getFunction(name);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }
}
