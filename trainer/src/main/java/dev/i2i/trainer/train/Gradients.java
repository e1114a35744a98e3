package dev.i2i.trainer.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Outputs and gradients of a SameDiff graph in one pass, freeing every intermediate array as soon
 * as the pass no longer needs it.
 *
 * <p>{@code SameDiff.calculateGradientsAndOutputs} of this release switches its gradient graph's
 * array release off ({@code setEnableCache(false)}), so every activation and gradient of the pass
 * stays allocated until the garbage collector finds it: at 128x128, ngf 64, one CycleGAN step held
 * 4.7 GB that way, and glibc kept the freed pages (10.9 GB resident). This runs the same gradient
 * graph as a {@link CompiledGraph}, which closes each array the moment its last consumer has run;
 * with {@code -Di2i.executor=samediff} (or listeners attached) it runs it through SameDiff's
 * executor with release on instead.
 */
public final class Gradients {
  private static final String GRAD_FN = "grad";

  /** Passes run compiled so far (tests check that the compiled runner really ran). */
  static final java.util.concurrent.atomic.AtomicLong COMPILED_PASSES =
      new java.util.concurrent.atomic.AtomicLong();

  private Gradients() {}

  /**
   * Gives this thread's session of the gradient graph no array cache (a released array is freed at
   * once: SameDiff's cache, sized from JavaCPP's limit, held 1.6 GB more at 128 px and was not
   * faster) and forgets the ids of the previous pass's freed arrays, which the session otherwise
   * keeps forever (about 0.2 MB a step at 64x64).
   */
  private static Session prepareSession(SameDiff gradFn) {
    long tid = Thread.currentThread().getId();
    InferenceSession s = gradFn.getSessions().get(tid);
    if (!(s instanceof Session)) {
      s = new Session(gradFn);
      gradFn.getSessions().put(tid, s);
    }
    ((Session) s).forgetFreed();
    return (Session) s;
  }

  /**
   * SameDiff's inference session, without an array cache, and the graph's compiled runs (see {@link
   * CompiledGraph}) by requested outputs, kept with the graph they belong to.
   */
  private static final class Session extends InferenceSession {
    private final Map<List<String>, Optional<CompiledGraph>> compiled = new HashMap<>();

    Session(SameDiff sd) {
      super(sd);
      ArrayCacheMemoryMgr noCache = new ArrayCacheMemoryMgr();
      noCache.setMaxCacheBytes(0);
      setMmgr(noCache);
    }

    void forgetFreed() {
      freedArrays.clear();
    }

    Optional<CompiledGraph> compiled(SameDiff gradFn, Set<String> fed, List<String> names) {
      List<String> key = new ArrayList<>(new TreeSet<>(fed));
      key.add("|");
      key.addAll(names);
      return compiled.computeIfAbsent(key, k -> CompiledGraph.compile(gradFn, fed, names));
    }
  }

  /** The compiled runs of {@code sd}'s gradient pass on this thread so far (for tests). */
  static List<CompiledGraph> compiledRunsOf(SameDiff sd) {
    InferenceSession s = sd.getFunction(GRAD_FN).getSessions().get(Thread.currentThread().getId());
    if (!(s instanceof Session session)) {
      return List.of();
    }
    return session.compiled.values().stream().flatMap(Optional::stream).toList();
  }

  /**
   * Whether a gradient pass runs as a {@link CompiledGraph} (the default) or through SameDiff's own
   * executor ({@code -Di2i.executor=samediff}; also while listeners are attached, e.g. by {@code
   * --profile}). Measured back to back on a quiet machine: 64x64, ngf 16: 0.37-0.46 against 0.62 s
   * a step, 536 against 946 MB peak resident; 128x128, ngf 64: 5.3-5.4 against 5.6-5.8 s, 1.48
   * against 1.70-1.74 GB.
   */
  static boolean compiledRuns() {
    return !"samediff".equals(System.getProperty("i2i.executor"));
  }

  /**
   * Sets whether {@code sd}'s gradient pass frees each array once its last consumer has run (and
   * builds that pass). Worth it once activations are large (see {@link #worthFreeing}); for small
   * ones the bookkeeping costs more time than the memory is worth (at 64x64, ngf 16: 0.57 against
   * 0.54 s a step for 600 against 945 MB peak resident), so they are left to the garbage collector.
   */
  public static void freeAsYouGo(SameDiff sd, boolean free) {
    QuietGradients.build(sd);
    sd.getFunction(GRAD_FN).setEnableCache(free);
  }

  /**
   * Whether a model whose full-size activation is {@code batch x channels x size x size} floats
   * should free as it goes: from 1 MiB on ({@link NativeMemory#LARGE}), where memory, not
   * scheduling, is what limits ({@code -Di2i.freeAsYouGo=true|false} decides for every size).
   */
  public static boolean worthFreeing(int batch, int channels, int size) {
    String forced = System.getProperty("i2i.freeAsYouGo");
    if (forced != null) {
      return Boolean.parseBoolean(forced);
    }
    return (long) batch * channels * size * size * Float.BYTES >= NativeMemory.LARGE;
  }

  /**
   * Like {@code sd.calculateGradientsAndOutputs(placeholders, outputs, params)}, freeing arrays as
   * set by {@link #freeAsYouGo} (which must have been called for {@code sd}).
   */
  public static OutAndGrad compute(
      SameDiff sd, Map<String, INDArray> placeholders, List<String> outputs, List<String> params) {
    SameDiff gradFn = sd.getFunction(GRAD_FN);
    if (gradFn == null) {
      throw new IllegalStateException("call freeAsYouGo first");
    }
    List<String> names = new ArrayList<>(outputs);
    Map<String, String> gradOf = new HashMap<>();
    for (String p : params) {
      SDVariable g = sd.getVariable(p).getGradient();
      if (g == null) {
        throw new IllegalStateException("no gradient for " + p);
      }
      gradOf.put(p, g.name());
      names.add(g.name());
    }
    Session session = prepareSession(gradFn);
    Optional<CompiledGraph> run =
        compiledRuns() && sd.getListeners().isEmpty()
            ? session.compiled(gradFn, placeholders.keySet(), names)
            : Optional.empty();
    Map<String, INDArray> all;
    if (run.isPresent()) {
      all = run.get().run(placeholders);
      COMPILED_PASSES.incrementAndGet();
    } else {
      gradFn.setListeners(sd.getListeners());
      all = gradFn.output(placeholders, names);
    }
    Map<String, INDArray> outs = new HashMap<>();
    for (String o : outputs) {
      outs.put(o, all.get(o));
    }
    Map<String, INDArray> grads = new HashMap<>();
    gradOf.forEach((p, g) -> grads.put(p, all.get(g)));
    return new OutAndGrad(outs, grads);
  }

  /**
   * Frees gradient arrays once the update has used them, rather than leaving their native memory to
   * the next garbage collection (84 MB a step at 128 px, ngf 64). Views and arrays already freed
   * are skipped; the arrays must not be used afterwards.
   */
  public static void free(Map<String, INDArray> grads) {
    for (INDArray g : grads.values()) {
      if (g != null && g.closeable()) {
        g.close();
      }
    }
  }
}
