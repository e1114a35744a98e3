package dev.i2i.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code report.html} in a run folder, to open from disk: what was run, loss curves, sample grids
 * over time, time and memory per epoch, the options, and the evaluation of the models exported from
 * the run. Written by training (at each checkpoint and at the end), by export, and by {@code i2i
 * report}; it only reads what the run folder already holds.
 */
public final class TrainingReport {
  public static final String FILE = "report.html";

  /** Model folders exported from the run, one per line (written by export). */
  public static final String EXPORTS = "exports.txt";

  /** Most sample steps shown; evenly spaced, always with the last. */
  static final int MAX_SAMPLE_STEPS = 10;

  private TrainingReport() {}

  /** Records that {@code modelFolder} was exported from {@code run}. */
  public static void addExport(Path run, Path modelFolder) throws IOException {
    Set<String> known = new LinkedHashSet<>(readLines(run.resolve(EXPORTS)));
    known.add(modelFolder.toAbsolutePath().normalize().toString());
    Files.write(
        run.resolve(EXPORTS),
        known,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Writes {@code run/report.html} (and {@code losses.png} from {@code losses.csv}). */
  public static Path write(Path run) throws IOException {
    Path csv = run.resolve(LossLog.FILE);
    if (Files.exists(csv)) {
      LossCurves.draw(csv, run.resolve("losses.png"));
    }
    Html h = new Html();
    h.raw("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .text("i2i run " + run.getFileName())
        .raw("</title><style>" + STYLE + "</style></head><body>");
    h.raw("<h1>").text("Training run " + run.getFileName()).raw("</h1>");
    h.raw("<p class=\"dim\">").text(run.toAbsolutePath().normalize().toString()).raw("</p>");
    List<String[]> rows = readCsv(csv);
    summary(h, rows);
    h.raw("<h2>Commands</h2><pre>");
    for (String line : readLines(run.resolve(TrainingHistory.FILE))) {
      h.text(line).raw("\n");
    }
    h.raw("</pre>");
    if (Files.exists(run.resolve("losses.png"))) {
      h.raw("<h2>Losses</h2><img src=\"losses.png\" alt=\"loss curves\">");
    }
    samples(h, run);
    epochs(h, rows);
    evaluation(h, run);
    options(h, run);
    h.raw("</body></html>\n");
    Path out = run.resolve(FILE);
    Files.writeString(out, h.toString());
    return out;
  }

  private static void summary(Html h, List<String[]> rows) {
    if (rows.size() < 2) {
      h.raw("<p>No steps trained yet.</p>");
      return;
    }
    String[] header = rows.get(0);
    double seconds = 0;
    double peak = 0;
    List<Double> times = new ArrayList<>();
    for (String[] r : rows.subList(1, rows.size())) {
      double s = Double.parseDouble(r[3]);
      seconds += s;
      times.add(s);
      peak = Math.max(peak, Double.parseDouble(r[4]));
    }
    times.sort(null);
    String[] last = rows.get(rows.size() - 1);
    h.raw("<table><tr><th>steps</th><th>training time</th><th>median s/step</th>")
        .raw("<th>peak resident MB</th><th>last losses</th></tr><tr>");
    h.td(last[0]).td(String.format("%.1f min", seconds / 60));
    h.td(String.format("%.3f", times.get(times.size() / 2))).td(String.format("%.0f", peak));
    StringBuilder losses = new StringBuilder();
    for (int i = 5; i < header.length; i++) {
      losses.append(header[i]).append(' ');
      losses.append(String.format("%.3f", Double.parseDouble(last[i]))).append("  ");
    }
    h.td(losses.toString().trim()).raw("</tr></table>");
  }

  /** The sample grids of up to {@link #MAX_SAMPLE_STEPS} steps, oldest first. */
  private static void samples(Html h, Path run) throws IOException {
    Path dir = run.resolve("samples");
    if (!Files.isDirectory(dir)) {
      return;
    }
    TreeMap<Long, List<String>> bySteps = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("step_") && name.endsWith(".png")) {
          long step = Long.parseLong(name.substring(5, 12));
          bySteps.computeIfAbsent(step, k -> new ArrayList<>()).add(name);
        }
      }
    }
    if (bySteps.isEmpty()) {
      return;
    }
    List<Long> steps = new ArrayList<>(bySteps.keySet());
    Set<Long> shown = new java.util.TreeSet<>();
    for (int i = 0; i < MAX_SAMPLE_STEPS; i++) {
      shown.add(steps.get((int) ((long) i * (steps.size() - 1) / (MAX_SAMPLE_STEPS - 1))));
    }
    h.raw("<h2>Samples</h2><p class=\"dim\">Each grid: input, translation")
        .raw(" (and, for CycleGAN, the reconstruction), for the same fixed images at every step.")
        .raw(" All grids are in samples/.</p><table>");
    for (long step : shown) {
      h.raw("<tr><th>step ").text(Long.toString(step)).raw("</th><td>");
      for (String name : bySteps.get(step)) {
        h.raw("<img class=\"grid\" src=\"samples/").text(name).raw("\" alt=\"").text(name);
        h.raw("\">");
      }
      h.raw("</td></tr>");
    }
    h.raw("</table>");
  }

  /** Per epoch: learning rate, time, memory and mean losses. */
  private static void epochs(Html h, List<String[]> rows) {
    if (rows.size() < 2) {
      return;
    }
    String[] header = rows.get(0);
    Map<Long, double[]> sums = new TreeMap<>();
    Map<Long, String> lrs = new TreeMap<>();
    for (String[] r : rows.subList(1, rows.size())) {
      long epoch = Long.parseLong(r[1]);
      double[] s = sums.computeIfAbsent(epoch, k -> new double[header.length + 1]);
      lrs.putIfAbsent(epoch, r[2]);
      s[header.length] += 1;
      s[3] += Double.parseDouble(r[3]);
      s[4] = Math.max(s[4], Double.parseDouble(r[4]));
      for (int i = 5; i < header.length; i++) {
        s[i] += Double.parseDouble(r[i]);
      }
    }
    h.raw("<h2>Epochs</h2><table><tr><th>epoch</th><th>steps</th><th>lr</th>")
        .raw("<th>mean s/step</th><th>peak MB</th>");
    for (int i = 5; i < header.length; i++) {
      h.raw("<th>").text(header[i]).raw("</th>");
    }
    h.raw("</tr>");
    for (var e : sums.entrySet()) {
      double[] s = e.getValue();
      double n = s[header.length];
      h.raw("<tr>").td(Long.toString(e.getKey() + 1)).td(String.format("%.0f", n));
      h.td(String.format("%.3g", Double.parseDouble(lrs.get(e.getKey()))));
      h.td(String.format("%.3f", s[3] / n)).td(String.format("%.0f", s[4]));
      for (int i = 5; i < header.length; i++) {
        h.td(String.format("%.3f", s[i] / n));
      }
      h.raw("</tr>");
    }
    h.raw("</table>");
  }

  /** The metrics in the cards of the models exported from this run. */
  private static void evaluation(Html h, Path run) throws IOException {
    h.raw("<h2>Evaluation</h2>");
    List<String> exports = readLines(run.resolve(EXPORTS));
    if (exports.isEmpty()) {
      h.raw("<p>Not exported yet: <code>i2i export --run ")
          .text(run.toString())
          .raw(" --out models</code>, then <code>i2i evaluate</code> and <code>i2i report</code>.")
          .raw("</p>");
      return;
    }
    Set<String> keys = new LinkedHashSet<>();
    List<ModelCard> cards = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    for (String f : exports) {
      Path card = Path.of(f).resolve("card.json");
      if (Files.exists(card)) {
        ModelCard c = ModelCards.read(card);
        cards.add(c);
        folders.add(f);
        keys.addAll(c.metrics() == null ? Set.of() : c.metrics().keySet());
      }
    }
    h.raw("<table><tr><th>model</th><th>folder</th>");
    for (String k : keys) {
      h.raw("<th>").text(k).raw("</th>");
    }
    h.raw("</tr>");
    for (int i = 0; i < cards.size(); i++) {
      ModelCard c = cards.get(i);
      String label =
          c.name() + " v" + c.version() + " (" + c.sourceDomain() + " -> " + c.targetDomain() + ")";
      h.raw("<tr>").td(label).td(folders.get(i));
      for (String k : keys) {
        Double v = c.metrics() == null ? null : c.metrics().get(k);
        h.td(v == null ? "" : String.format(k.equals("test_images") ? "%.0f" : "%.4f", v));
      }
      h.raw("</tr>");
    }
    h.raw("</table>");
    if (keys.isEmpty()) {
      h.raw("<p>No metrics yet: <code>i2i evaluate --model FOLDER --data DATA</code> writes them")
          .raw(" into the card, then <code>i2i report --run ")
          .text(run.toString())
          .raw("</code>.</p>");
    }
  }

  private static void options(Html h, Path run) throws IOException {
    Path f = run.resolve(TrainingLoop.OPTIONS_FILE);
    if (!Files.exists(f)) {
      return;
    }
    JsonNode node = TrainingLoop.JSON.readTree(f.toFile());
    h.raw("<h2>Options</h2><table>");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      h.raw("<tr><th>").text(e.getKey()).raw("</th>").td(e.getValue().asText()).raw("</tr>");
    }
    h.raw("</table>");
  }

  private static List<String[]> readCsv(Path csv) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : readLines(csv)) {
      if (!line.isBlank()) {
        rows.add(line.split(","));
      }
    }
    return rows;
  }

  private static List<String> readLines(Path f) throws IOException {
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  private static final String STYLE =
      "body{font:14px system-ui,sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;margin:.5em 0}"
          + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:top}"
          + "th{background:#f4f4f4}pre{background:#f7f7f7;padding:.6em;overflow-x:auto}"
          + "img.grid{image-rendering:pixelated;height:240px;margin-right:8px}.dim{color:#777}";

  /** A tiny HTML builder that escapes text. */
  private static final class Html {
    private final StringBuilder b = new StringBuilder();

    Html raw(String s) {
      b.append(s);
      return this;
    }

    Html text(String s) {
      for (char c : s.toCharArray()) {
        switch (c) {
          case '<' -> b.append("&lt;");
          case '>' -> b.append("&gt;");
          case '&' -> b.append("&amp;");
          case '"' -> b.append("&quot;");
          default -> b.append(c);
        }
      }
      return this;
    }

    Html td(String s) {
      return raw("<td>").text(s).raw("</td>");
    }

    @Override
    public String toString() {
      return b.toString();
    }
  }
}
