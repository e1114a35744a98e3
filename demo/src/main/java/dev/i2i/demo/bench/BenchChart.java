package dev.i2i.demo.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of a bench run: for each configuration, ONNX Runtime's ceiling and the stream's peak
 * (images/s on a log scale, so 1024 px shows next to 128 px, left, with the stream's share of the
 * ceiling above each pair), and p99 latency at the steady rate in single-inference times (right,
 * with the target of 3 drawn).
 */
final class BenchChart {
  private static final Color CEILING = new Color(0x9e9e9e);
  private static final Color STREAM = new Color(0x1f77b4);
  private static final Color LATENCY = new Color(0xd62728);

  private BenchChart() {}

  static void write(List<BenchRow> rows, Path png) throws IOException {
    int group = 90;
    int w = Math.max(960, 160 + rows.size() * group * 2 + 80); // room for both titles
    int h = 420;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    int top = 50;
    int bottom = h - 70;
    int half = (w - 80) / 2;
    // Decades of images/s, from 0.1 to the first power of ten above every rate.
    double decades =
        Math.ceil(
            Math.log10(
                Math.max(
                    axisEnd(rows, r -> r.ceiling().imagesPerSecond(), 10),
                    axisEnd(rows, r -> r.stream().peak(), 10))));
    // The latency axis always shows the target of 3 single inferences.
    double maxLat = axisEnd(rows, BenchRow::p99OverInference, 4);
    g.setColor(Color.BLACK);
    g.drawString("images/s (log scale): ONNX Runtime alone (grey) vs the stream (blue)", 60, 25);
    g.drawString("p99 latency at the steady rate / one inference (target <= 3)", 60 + half, 25);
    int barW = (half - 80) / Math.max(1, rows.size()) / 3;
    for (int i = 0; i < rows.size(); i++) {
      BenchRow r = rows.get(i);
      int x = 60 + i * 3 * barW;
      double ceiling = log(r.ceiling().imagesPerSecond(), decades);
      double stream = log(r.stream().peak(), decades);
      bar(g, x, barW, bottom, top, ceiling, CEILING);
      bar(g, x + barW, barW, bottom, top, stream, STREAM);
      g.setColor(Color.BLACK);
      g.drawString(
          String.format("%.0f%%", 100 * r.ratio()),
          x,
          bottom - (int) ((bottom - top) * Math.min(1, Math.max(ceiling, stream))) - 4);
      label(g, r, x, bottom);
      int lx = 60 + half + i * 3 * barW;
      bar(g, lx, 2 * barW, bottom, top, r.p99OverInference() / maxLat, LATENCY);
      g.setColor(Color.BLACK);
      g.drawString(
          String.format("%.1f", r.p99OverInference()),
          lx,
          bottom - (int) ((bottom - top) * r.p99OverInference() / maxLat) - 3);
      label(g, r, lx, bottom);
    }
    int target = bottom - (int) ((bottom - top) * 3 / maxLat);
    g.setColor(Color.DARK_GRAY);
    g.setStroke(DASHED);
    g.drawLine(50 + half, target, w - 20, target);
    g.setStroke(new BasicStroke(1));
    g.drawLine(50, bottom, half, bottom);
    g.drawLine(50 + half, bottom, w - 20, bottom);
    for (int d = -1; d <= decades; d++) {
      int y = bottom - (int) ((bottom - top) * log(Math.pow(10, d), decades));
      g.drawString(d < 0 ? "0.1/s" : String.format("%.0f/s", Math.pow(10, d)), 5, y + 4);
    }
    g.drawString(String.format("%.0fx", maxLat), 20 + half, top + 5);
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  /** A dashed line, for targets and references. */
  static final BasicStroke DASHED =
      new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0);

  /** Graphics on {@code img}: white, antialiased, the charts' font. */
  static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  /** Where {@code v} images/s sits on a log axis from 0.1 to 10^{@code decades}, in 0..1. */
  private static double log(double v, double decades) {
    return Math.max(0, (Math.log10(Math.max(0.1, v)) + 1) / (decades + 1));
  }

  /** The largest value of {@code f} over the rows, and at least {@code least}. */
  private static double axisEnd(
      List<BenchRow> rows, java.util.function.ToDoubleFunction<BenchRow> f, double least) {
    double end = least;
    for (BenchRow r : rows) {
      end = Math.max(end, f.applyAsDouble(r));
    }
    return end;
  }

  private static void bar(Graphics2D g, int x, int width, int bottom, int top, double f, Color c) {
    int height = (int) Math.round((bottom - top) * Math.min(1, f));
    g.setColor(c);
    g.fillRect(x, bottom - height, width - 2, height);
  }

  private static void label(Graphics2D g, BenchRow r, int x, int bottom) {
    g.setColor(Color.BLACK);
    g.drawString(r.size() + "px", x, bottom + 15);
    g.drawString(r.threads() + "t b" + r.batch(), x, bottom + 30);
  }
}
