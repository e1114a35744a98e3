package dev.i2i.streamer.bench;

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
 * (images/s, left), and p99 latency at the steady rate in single-inference times (right, with the
 * target of 3 drawn).
 */
final class BenchChart {
  private static final Color CEILING = new Color(0x9e9e9e);
  private static final Color STREAM = new Color(0x1f77b4);
  private static final Color LATENCY = new Color(0xd62728);

  private BenchChart() {}

  static void write(List<BenchRow> rows, Path png) throws IOException {
    int group = 90;
    int w = 160 + rows.size() * group * 2 + 80;
    int h = 420;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int top = 50;
    int bottom = h - 70;
    int half = (w - 80) / 2;
    double maxRate =
        Math.max(
            axisEnd(rows, r -> r.ceiling().imagesPerSecond(), 1),
            axisEnd(rows, r -> r.stream().peak(), 1));
    // The latency axis always shows the target of 3 single inferences.
    double maxLat = axisEnd(rows, BenchRow::p99OverInference, 4);
    g.setColor(Color.BLACK);
    g.drawString("images/s: ONNX Runtime alone (grey) vs the stream (blue)", 60, 25);
    g.drawString("p99 latency at the steady rate / one inference (target <= 3)", 60 + half, 25);
    int barW = (half - 80) / Math.max(1, rows.size()) / 3;
    for (int i = 0; i < rows.size(); i++) {
      BenchRow r = rows.get(i);
      int x = 60 + i * 3 * barW;
      bar(g, x, barW, bottom, top, r.ceiling().imagesPerSecond() / maxRate, CEILING);
      bar(g, x + barW, barW, bottom, top, r.stream().peak() / maxRate, STREAM);
      g.setColor(Color.BLACK);
      g.drawString(
          String.format("%.0f%%", 100 * r.ratio()),
          x,
          top - 5 + (int) ((bottom - top) * (1 - r.stream().peak() / maxRate)) - 2);
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
    g.setStroke(
        new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
    g.drawLine(50 + half, target, w - 20, target);
    g.setStroke(new BasicStroke(1));
    g.drawLine(50, bottom, half, bottom);
    g.drawLine(50 + half, bottom, w - 20, bottom);
    g.drawString(String.format("%.0f/s", maxRate), 5, top + 5);
    g.drawString(String.format("%.0fx", maxLat), 20 + half, top + 5);
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
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
