package dev.i2i.trainer.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws {@code losses.csv} as {@code losses.png}: one panel per loss, smoothed over steps. */
public final class LossCurves {
  private static final int PANEL_W = 320;
  private static final int PANEL_H = 160;

  private LossCurves() {}

  public static void draw(Path csv, Path png) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.size() < 3) {
      return;
    }
    String[] header = lines.get(0).split(",");
    int first = 5; // step, epoch, lr, seconds, rss_mb come first
    int panels = header.length - first;
    int cols = 4;
    int rows = (panels + cols - 1) / cols;
    BufferedImage img =
        new BufferedImage(cols * PANEL_W, rows * PANEL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    int n = lines.size() - 1;
    for (int p = 0; p < panels; p++) {
      double[] ys = new double[n];
      for (int i = 0; i < n; i++) {
        ys[i] = Double.parseDouble(lines.get(i + 1).split(",")[first + p]);
      }
      panel(g, (p % cols) * PANEL_W, (p / cols) * PANEL_H, header[first + p], smooth(ys));
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static double[] smooth(double[] ys) {
    double[] s = new double[ys.length];
    double a = Math.min(0.5, 20.0 / ys.length);
    double acc = ys[0];
    for (int i = 0; i < ys.length; i++) {
      acc = a * ys[i] + (1 - a) * acc;
      s[i] = acc;
    }
    return s;
  }

  private static void panel(Graphics2D g, int x0, int y0, String title, double[] ys) {
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
    for (double y : ys) {
      min = Math.min(min, y);
      max = Math.max(max, y);
    }
    double span = Math.max(1e-9, max - min);
    int left = x0 + 40, top = y0 + 20, w = PANEL_W - 50, h = PANEL_H - 40;
    g.setColor(Color.LIGHT_GRAY);
    g.drawRect(left, top, w, h);
    g.setColor(Color.BLACK);
    g.drawString(title, left, y0 + 14);
    g.drawString(String.format("%.3g", max), x0 + 2, top + 10);
    g.drawString(String.format("%.3g", min), x0 + 2, top + h);
    g.setColor(new Color(30, 90, 200));
    g.setStroke(new BasicStroke(1.5f));
    for (int i = 1; i < ys.length; i++) {
      int xa = left + (int) ((i - 1) * (double) w / (ys.length - 1));
      int xb = left + (int) (i * (double) w / (ys.length - 1));
      int ya = top + h - (int) ((ys[i - 1] - min) / span * h);
      int yb = top + h - (int) ((ys[i] - min) / span * h);
      g.drawLine(xa, ya, xb, yb);
    }
  }
}
