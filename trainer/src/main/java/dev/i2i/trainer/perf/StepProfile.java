package dev.i2i.trainer.perf;

import dev.i2i.runtime.ResidentMemory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where one training step's memory and time go: a SameDiff listener that records, after every op of
 * the step, the op, the layer its output belongs to, the bytes it produced, the native memory
 * ND4J's arrays hold (JavaCPP's count) and the process's resident memory. {@link #print} then shows
 * the bytes produced by op type and by layer, forward and backward, and the ops around the peak.
 */
public final class StepProfile extends BaseListener {
  /** One op's execution. */
  public record Sample(
      int index,
      String graph,
      String op,
      String type,
      String output,
      boolean backward,
      String layer,
      long outputBytes,
      long nativeBytes,
      long residentMb) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<SameDiff, String> graphs = new java.util.IdentityHashMap<>();
  private boolean recording;
  private String layer = "(input)";
  private long opStart;
  private long lastOpEnd;
  private long inOps;
  private long betweenOps;

  /** Listens to {@code graphs} (by name); records once {@link #record} is switched on. */
  public StepProfile(Map<String, SameDiff> graphs) {
    graphs.forEach(
        (name, sd) -> {
          this.graphs.put(sd, name);
          if (sd.getFunction("grad") != null) { // the gradient pass runs in this copy of the graph
            this.graphs.put(sd.getFunction("grad"), name);
          }
        });
    graphs.values().forEach(sd -> sd.addListeners(this));
  }

  public void record(boolean on) {
    recording = on;
  }

  public List<Sample> samples() {
    return samples;
  }

  public void clear() {
    samples.clear();
    inOps = 0;
    betweenOps = 0;
    lastOpEnd = 0;
  }

  @Override
  public boolean isActive(Operation operation) {
    return true;
  }

  @Override
  public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
    if (recording) {
      opStart = System.nanoTime();
      if (lastOpEnd > 0) {
        betweenOps += opStart - lastOpEnd;
      }
    }
  }

  @Override
  public void operationStart(SameDiff sd, Operation op) {
    lastOpEnd = 0; // a new graph run: the time since the last one's final op is not SameDiff's
  }

  @Override
  public void opExecution(
      SameDiff sd,
      At at,
      MultiDataSet batch,
      SameDiffOp op,
      OpContext opContext,
      INDArray[] outputs) {
    if (!recording) {
      return;
    }
    long end = System.nanoTime();
    inOps += end - opStart;
    lastOpEnd = end;
    long bytes = 0;
    for (INDArray o : outputs) {
      if (o != null && !o.isEmpty()) {
        bytes += o.length() * o.dataType().width();
      }
    }
    List<String> ins = op.getInputsToOp();
    if (ins != null) {
      for (String in : ins) {
        if (in.endsWith("/W")) { // a conv's weights: the ops that follow belong to its layer
          layer = graphs.getOrDefault(sd, "?") + ":" + in.substring(0, in.length() - 2);
        }
      }
    }
    List<String> outs = op.getOutputsOfOp();
    String output = outs == null || outs.isEmpty() ? op.getName() : outs.get(0);
    String type = op.getOp().opName();
    boolean backward =
        output.endsWith("-grad") || type.endsWith("_bp") || op.getName().contains("grad");
    samples.add(
        new Sample(
            samples.size(),
            graphs.getOrDefault(sd, "?"),
            op.getName(),
            type,
            output,
            backward,
            layer,
            bytes,
            Pointer.totalBytes(),
            ResidentMemory.megabytes()));
  }

  /**
   * What the graphs' sessions still hold after a step (the previous step's leftovers): arrays not
   * yet freed, by graph, largest first.
   */
  public void printLeftovers(PrintStream out, int top) {
    out.printf("%narrays the sessions still hold after the step:%n");
    java.util.Set<SameDiff> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Map.Entry<SameDiff, String> g : graphs.entrySet()) {
      if (!seen.add(g.getKey())) {
        continue;
      }
      List<long[]> sizes = new ArrayList<>();
      List<String> names = new ArrayList<>();
      long total = 0;
      for (var session : g.getKey().getSessions().values()) {
        for (var e : session.getNodeValueOutputs().entrySet()) {
          INDArray a = e.getValue() == null ? null : e.getValue().getTensorValue();
          if (a == null || a.wasClosed() || a.isEmpty()) {
            continue;
          }
          long bytes = a.length() * a.dataType().width();
          total += bytes;
          sizes.add(new long[] {bytes, names.size()});
          names.add(e.getKey().getVariable() + (a.isView() ? " (view)" : ""));
        }
      }
      out.printf(Locale.ROOT, "  %s: %d arrays, %s%n", g.getValue(), sizes.size(), mb(total));
      sizes.sort((x, y) -> Long.compare(y[0], x[0]));
      for (int i = 0; i < Math.min(top, sizes.size()); i++) {
        out.printf(
            Locale.ROOT, "    %10s  %s%n", mb(sizes.get(i)[0]), names.get((int) sizes.get(i)[1]));
      }
    }
  }

  /** Prints the profile of the recorded step. */
  public void print(PrintStream out, int top) {
    long produced = samples.stream().mapToLong(Sample::outputBytes).sum();
    Sample peak = samples.stream().max(Comparator.comparingLong(Sample::residentMb)).orElseThrow();
    Sample peakNative =
        samples.stream().max(Comparator.comparingLong(Sample::nativeBytes)).orElseThrow();
    out.printf(
        Locale.ROOT,
        "%d ops ran; they produced %s in all. Peak resident %d MB after op %d (%s, %s); peak"
            + " native arrays %s after op %d (%s)%n",
        samples.size(),
        mb(produced),
        peak.residentMb(),
        peak.index(),
        peak.type(),
        peak.output(),
        mb(peakNative.nativeBytes()),
        peakNative.index(),
        peakNative.output());
    out.printf(
        Locale.ROOT,
        "time in ops (kernels and their argument set-up) %.2f s, between ops (SameDiff's scheduling"
            + " and bookkeeping) %.2f s, %.0f us per op%n",
        inOps / 1e9,
        betweenOps / 1e9,
        samples.isEmpty() ? 0 : betweenOps / 1e3 / samples.size());
    table(out, "bytes produced by op type (forward | backward)", sum(Sample::type), top);
    table(out, "bytes produced by layer (forward | backward)", sum(Sample::layer), top);
    out.printf("%nlargest single outputs:%n");
    samples.stream()
        .sorted(Comparator.comparingLong(Sample::outputBytes).reversed())
        .limit(top)
        .forEach(
            s ->
                out.printf(
                    Locale.ROOT, "  %10s  %-22s %s%n", mb(s.outputBytes()), s.type(), s.output()));
    out.printf(
        "%nresident memory along the step (every %d ops):%n", Math.max(1, samples.size() / 20));
    for (int i = 0; i < samples.size(); i += Math.max(1, samples.size() / 20)) {
      Sample s = samples.get(i);
      out.printf(
          Locale.ROOT,
          "  op %5d %-15s %-9s resident %6d MB, native arrays %10s  %s%n",
          i,
          s.graph(),
          s.backward() ? "backward" : "forward",
          s.residentMb(),
          mb(s.nativeBytes()),
          s.output());
    }
  }

  private Map<String, long[]> sum(java.util.function.Function<Sample, String> key) {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (Sample s : samples) {
      long[] v = m.computeIfAbsent(key.apply(s), k -> new long[2]);
      v[s.backward() ? 1 : 0] += s.outputBytes();
    }
    return m;
  }

  private static void table(PrintStream out, String title, Map<String, long[]> m, int top) {
    out.printf("%n%s:%n", title);
    m.entrySet().stream()
        .sorted(
            Comparator.comparingLong(
                (Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[1])))
        .limit(top)
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "  %-34s %10s | %10s%n",
                    e.getKey(),
                    mb(e.getValue()[0]),
                    mb(e.getValue()[1])));
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
