package dev.i2i.trainer.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff graph's ops for a fixed set of outputs, put in order once and then run as a plain
 * list: each op's inputs read from an array table, its outputs allocated from the shapes the op
 * computes, and every intermediate array closed right after its last consumer.
 *
 * <p>SameDiff's own executor works out at every call which ops to run, in which order and when each
 * array is free, through hash maps keyed by variable, frame and iteration (it supports loops and
 * conditionals). For the trainer's graphs, which have neither, that bookkeeping cost more than the
 * arithmetic at small sizes (64x64, ngf 16: thousands of ops a step at about 100 us each). The ops
 * and the native calls are the same, so the numbers are too.
 *
 * <p>Graphs with ops this runner does not handle (control flow, tensor arrays, ...) are not
 * compiled: {@link #compile} says so and the caller keeps SameDiff's executor.
 */
final class CompiledGraph {
  private enum Kind {
    CUSTOM,
    LEGACY,
    ALIAS
  }

  /** One op: where its inputs come from, where its outputs go, what is dead after it. */
  private record Step(
      Kind kind,
      DifferentialFunction op,
      OpContext context,
      int[] inputs,
      int[] outputs,
      DataType[] outputTypes,
      int[] freeAfter) {}

  private final SameDiff sd;
  private final List<Step> steps;
  private final String[] leaves; // names of the variables and constants, by slot
  private final Map<String, Integer> placeholders;
  private final Map<String, Integer> outputs;
  private final int slots;
  private int closedLastRun;
  private static volatile ArrayPool pool = ArrayPool.shared();

  private CompiledGraph(
      SameDiff sd,
      List<Step> steps,
      String[] leaves,
      Map<String, Integer> placeholders,
      Map<String, Integer> outputs,
      int slots) {
    this.sd = sd;
    this.steps = steps;
    this.leaves = leaves;
    this.placeholders = placeholders;
    this.outputs = outputs;
    this.slots = slots;
  }

  /** Ops run per call. */
  int size() {
    return steps.size();
  }

  /**
   * Serves large arrays from {@code p} (null: none) from now on; returns the pool used until now.
   */
  static synchronized ArrayPool usePool(ArrayPool p) {
    ArrayPool before = pool;
    pool = p;
    return before;
  }

  /**
   * Intermediate arrays the last run freed (closed, or put back into the pool): every one it
   * allocated but the outputs.
   */
  int closedLastRun() {
    return closedLastRun;
  }

  /** Arrays the ops allocate per run, outputs included (identities allocate none). */
  int allocatedPerRun() {
    int n = 0;
    for (Step s : steps) {
      n += s.kind == Kind.ALIAS ? 0 : s.outputs.length;
    }
    return n;
  }

  /**
   * Compiles what computing {@code requested} from {@code placeholderNames} takes, or says why it
   * cannot.
   */
  static Optional<CompiledGraph> compile(
      SameDiff sd, Set<String> placeholderNames, List<String> requested) {
    try {
      return Optional.of(new Builder(sd, placeholderNames).build(requested));
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  /** Runs the graph; the requested arrays are the caller's, everything else is closed. */
  Map<String, INDArray> run(Map<String, INDArray> feed) {
    INDArray[] values = new INDArray[slots];
    for (int i = 0; i < leaves.length; i++) {
      if (leaves[i] != null) {
        values[i] = sd.getArrForVarName(leaves[i]);
      }
    }
    placeholders.forEach(
        (name, slot) -> {
          INDArray a = feed.get(name);
          if (a == null) {
            throw new IllegalArgumentException("no array for placeholder " + name);
          }
          DataType dt = sd.getVariable(name).dataType();
          values[slot] = a.dataType() == dt ? a : a.castTo(dt);
        });
    int closed = 0;
    OpTimes times = OpTimes.active();
    ArrayPool p = pool;
    if (p != null) {
      p.startRun();
    }
    for (Step s : steps) {
      long start = times == null ? 0 : System.nanoTime();
      execute(s, values, p);
      if (times != null) {
        times.add(s.op.opName(), System.nanoTime() - start);
      }
      for (int slot : s.freeAfter) {
        INDArray a = values[slot];
        values[slot] = null;
        if (a != null && a.closeable()) {
          if (p == null) {
            a.close();
          } else {
            p.free(a);
          }
          closed++;
        }
      }
    }
    closedLastRun = closed;
    Map<String, INDArray> out = new HashMap<>();
    outputs.forEach((name, slot) -> out.put(name, values[slot]));
    return out;
  }

  private static void execute(Step s, INDArray[] values, ArrayPool pool) {
    INDArray[] args = new INDArray[s.inputs.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = values[s.inputs[i]];
    }
    OpContext oc = s.context;
    switch (s.kind) {
      case ALIAS -> values[s.outputs[0]] = args[0];
      case CUSTOM -> {
        DynamicCustomOp op = (DynamicCustomOp) s.op;
        oc.setArgs(args, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
        List<LongShapeDescriptor> shapes = op.calculateOutputShape(oc);
        if (shapes == null || shapes.size() != s.outputs.length) {
          throw new IllegalStateException(
              "op " + op.getOwnName() + " (" + op.opName() + ") gave no output shapes");
        }
        for (int i = 0; i < s.outputs.length; i++) {
          LongShapeDescriptor d = shapes.get(i);
          if (d.dataType() != s.outputTypes[i]) {
            d = d.asDataType(s.outputTypes[i]);
          }
          oc.setOutputArray(i, allocate(d, pool));
        }
        Nd4j.exec((CustomOp) op, oc);
        collect(s, oc, values);
      }
      case LEGACY -> {
        oc.setInputArray(0, args[0]);
        if (args.length == 2) {
          oc.setInputArray(1, args[1]);
        }
        LongShapeDescriptor d = ((BaseOp) s.op).calculateOutputShape(oc).get(0);
        oc.setOutputArray(0, allocate(d, pool));
        Nd4j.exec((Op) s.op, oc);
        collect(s, oc, values);
      }
    }
  }

  private static INDArray allocate(LongShapeDescriptor d, ArrayPool pool) {
    if (d.isEmpty()) {
      return Nd4j.create(d);
    }
    return pool == null
        ? Nd4j.createUninitializedDetached(d.dataType(), d.getShape())
        : pool.allocate(d);
  }

  private static void collect(Step s, OpContext oc, INDArray[] values) {
    for (int i = 0; i < s.outputs.length; i++) {
      values[s.outputs[i]] = oc.getOutputArray(i);
    }
    oc.purge(); // the context must not keep the arrays alive
  }

  private static final class Unsupported extends Exception {
    Unsupported(String why) {
      super(why, null, false, false);
    }
  }

  private static final class Builder {
    private final SameDiff sd;
    private final Set<String> placeholderNames;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final List<String> leafNames = new ArrayList<>();
    private final Map<String, Integer> phSlots = new HashMap<>();
    private final List<SameDiffOp> order = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();

    Builder(SameDiff sd, Set<String> placeholderNames) {
      this.sd = sd;
      this.placeholderNames = placeholderNames;
    }

    CompiledGraph build(List<String> requested) throws Unsupported {
      for (String r : requested) {
        visitVariable(r);
      }
      // Slot of every op output, in execution order; aliases share their input's array.
      List<Step> steps = new ArrayList<>();
      Map<Integer, Integer> lastUse = new HashMap<>();
      Map<Integer, Integer> root = new HashMap<>(); // alias slot -> slot that owns the array
      for (int i = 0; i < order.size(); i++) {
        SameDiffOp o = order.get(i);
        DifferentialFunction df = o.getOp();
        Kind kind = kindOf(df);
        String[] args = df.argNames();
        int[] in = new int[args == null ? 0 : args.length];
        for (int a = 0; a < in.length; a++) {
          in[a] = slot(args[a]);
          lastUse.put(owner(root, in[a]), i); // reading an alias reads its owner's array
        }
        List<String> outs = o.getOutputsOfOp();
        int[] out = new int[outs.size()];
        DataType[] types = new DataType[outs.size()];
        for (int k = 0; k < out.length; k++) {
          out[k] = slot(outs.get(k));
          types[k] = sd.getVariable(outs.get(k)).dataType();
          if (kind == Kind.ALIAS) {
            root.put(out[k], owner(root, in[0]));
          } else {
            lastUse.putIfAbsent(out[k], i); // an output nobody reads dies with its op
          }
        }
        steps.add(
            new Step(
                kind,
                df,
                kind == Kind.ALIAS ? null : Nd4j.getExecutioner().buildContext(),
                in,
                out,
                types,
                null));
      }
      Map<String, Integer> outSlots = new HashMap<>();
      Set<Integer> keep = new HashSet<>();
      for (String r : requested) {
        outSlots.put(r, slotOf.get(r));
        keep.add(owner(root, slotOf.get(r)));
      }
      List<List<Integer>> free = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        free.add(new ArrayList<>());
      }
      lastUse.forEach(
          (slot, step) -> {
            boolean produced = slot >= leafNames.size() || leafNames.get(slot) == null;
            if (produced && !phSlots.containsValue(slot) && !keep.contains(slot)) {
              free.get(step).add(slot);
            }
          });
      List<Step> done = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        int[] f = free.get(i).stream().mapToInt(Integer::intValue).toArray();
        done.add(new Step(s.kind, s.op, s.context, s.inputs, s.outputs, s.outputTypes, f));
      }
      String[] leaves = new String[slotOf.size()];
      for (int i = 0; i < leafNames.size(); i++) {
        leaves[i] = leafNames.get(i);
      }
      return new CompiledGraph(sd, done, leaves, phSlots, outSlots, slotOf.size());
    }

    private static int owner(Map<Integer, Integer> root, int slot) {
      return root.getOrDefault(slot, slot);
    }

    private int slot(String name) {
      return slotOf.computeIfAbsent(
          name,
          n -> {
            leafNames.add(null);
            return leafNames.size() - 1;
          });
    }

    /** Depth-first: a variable's producer (and what it needs) goes before its consumers. */
    private void visitVariable(String name) throws Unsupported {
      if (!visited.add("v:" + name)) {
        return;
      }
      SDVariable v = sd.getVariable(name);
      if (v == null) {
        throw new Unsupported("no variable " + name);
      }
      VariableType t = v.getVariableType();
      if (t == VariableType.VARIABLE || t == VariableType.CONSTANT) {
        int s = slot(name);
        leafNames.set(s, name);
        return;
      }
      if (t == VariableType.PLACEHOLDER) {
        if (!placeholderNames.contains(name)) {
          throw new Unsupported("placeholder " + name + " not fed");
        }
        phSlots.put(name, slot(name));
        return;
      }
      Variable meta = sd.getVariables().get(name);
      String opName = meta == null ? null : meta.getOutputOfOp();
      if (opName == null) {
        throw new Unsupported("variable " + name + " has no producing op");
      }
      visitOp(opName);
    }

    private void visitOp(String opName) throws Unsupported {
      if (!visited.add("o:" + opName)) {
        return;
      }
      SameDiffOp o = sd.getOps().get(opName);
      if (o == null) {
        throw new Unsupported("no op " + opName);
      }
      if (o.getControlDeps() != null && !o.getControlDeps().isEmpty()
          || o.getVarControlDeps() != null && !o.getVarControlDeps().isEmpty()) {
        throw new Unsupported("control dependencies at " + opName);
      }
      String[] args = o.getOp().argNames();
      for (String a : args == null ? new String[0] : args) {
        visitVariable(a);
      }
      order.add(o);
    }

    private static Kind kindOf(DifferentialFunction df) throws Unsupported {
      if (df instanceof Identity) {
        return Kind.ALIAS;
      }
      String pkg = df.getClass().getName();
      if (pkg.contains(".controlflow.")
          || pkg.contains(".tensorops.")
          || df instanceof org.nd4j.linalg.api.ops.custom.Invoke
          || df instanceof org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction
          || df instanceof org.nd4j.linalg.api.ops.impl.shape.CreateView
          || df instanceof org.nd4j.linalg.api.ops.impl.transforms.Assert
          || df instanceof org.nd4j.linalg.api.ops.impl.transforms.custom.Assign) {
        throw new Unsupported(df.getClass().getSimpleName());
      }
      if (df instanceof DynamicCustomOp) {
        return Kind.CUSTOM;
      }
      if (df instanceof BaseOp op) {
        int args = df.argNames() == null ? 0 : df.argNames().length;
        if (args > 2 || args == 2 && (op instanceof ReduceOp || op instanceof ScalarOp)) {
          throw new Unsupported("legacy op with an array argument: " + df.opName());
        }
        return Kind.LEGACY;
      }
      throw new Unsupported(df.getClass().getSimpleName());
    }
  }
}
