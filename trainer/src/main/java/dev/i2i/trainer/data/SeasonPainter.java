package dev.i2i.trainer.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * Renders a {@link SeasonScene} in a summer or a winter look. Winter is not a colour shift: snow
 * covers the ground and the upper mountains, deciduous trees lose their leaves, conifers carry
 * snow, the sky turns grey and the lake freezes.
 */
public final class SeasonPainter {
  private SeasonPainter() {}

  public static BufferedImage render(SeasonScene s, Season season, int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.scale(size, size);
    boolean winter = season == Season.WINTER;
    sky(g, s, winter);
    for (double[] m : s.mountains()) {
      mountain(g, m, s.horizon(), winter);
    }
    hill(
        g,
        s.farHill(),
        winter
            ? new Color(222, 228, 236)
            : mix(new Color(96, 150, 70), new Color(130, 160, 60), s.greenTint()));
    hill(
        g,
        s.nearHill(),
        winter
            ? new Color(240, 243, 248)
            : mix(new Color(70, 130, 50), new Color(110, 150, 40), s.greenTint()));
    if (s.lake() != null) {
      lake(g, s.lake(), winter);
    }
    for (SeasonScene.Tree t : s.trees()) {
      tree(g, t, winter);
    }
    g.dispose();
    return img;
  }

  private static void sky(Graphics2D g, SeasonScene s, boolean winter) {
    Color top =
        winter
            ? mix(new Color(150, 156, 166), new Color(175, 178, 185), s.skyTint())
            : mix(new Color(60, 120, 210), new Color(90, 150, 225), s.skyTint());
    Color low = winter ? new Color(205, 208, 214) : new Color(175, 210, 240);
    g.setPaint(new GradientPaint(0, 0, top, 0, (float) s.horizon(), low));
    g.fill(new java.awt.geom.Rectangle2D.Double(0, 0, 1, 1));
    if (!winter) {
      g.setColor(new Color(255, 236, 150));
      g.fill(new Ellipse2D.Double(s.sunX() - 0.05, s.sunY() - 0.05, 0.1, 0.1));
    }
    g.setColor(winter ? new Color(190, 193, 200) : new Color(250, 250, 252));
    for (double[] c : s.clouds()) {
      g.fill(new Ellipse2D.Double(c[0] - c[2] / 2, c[1] - c[3] / 2, c[2], c[3]));
      g.fill(new Ellipse2D.Double(c[0] - c[2] / 4, c[1] - c[3], c[2] / 2, c[3]));
    }
  }

  private static void mountain(Graphics2D g, double[] m, double horizon, boolean winter) {
    double cx = m[0], half = m[1] / 2, peak = m[2];
    Color rock = mix(new Color(110, 100, 95), new Color(120, 125, 140), m[3]);
    g.setColor(winter ? rock.darker() : rock);
    g.fill(triangle(cx - half, horizon + 0.02, cx, peak, cx + half, horizon + 0.02));
    // Snow line: winter snow covers the upper 60 %, summer keeps only a small cap on high peaks.
    double cap = winter ? 0.6 : (peak < horizon * 0.55 ? 0.15 : 0);
    if (cap > 0) {
      double y = peak + (horizon - peak) * cap;
      double f = cap;
      g.setColor(winter ? new Color(245, 247, 252) : new Color(235, 235, 240));
      Path2D p = new Path2D.Double();
      p.moveTo(cx - half * f, y);
      p.lineTo(cx, peak);
      p.lineTo(cx + half * f, y);
      p.lineTo(cx + half * f * 0.5, y - 0.02);
      p.lineTo(cx, y + 0.01);
      p.lineTo(cx - half * f * 0.5, y - 0.02);
      p.closePath();
      g.fill(p);
    }
  }

  private static void hill(Graphics2D g, double[] h, Color color) {
    Path2D p = new Path2D.Double();
    p.moveTo(0, 1);
    for (int i = 0; i <= 32; i++) {
      double x = i / 32.0;
      p.lineTo(x, h[0] - h[1] * Math.sin(x * h[2] + h[3]));
    }
    p.lineTo(1, 1);
    p.closePath();
    g.setColor(color);
    g.fill(p);
  }

  private static void lake(Graphics2D g, double[] e, boolean winter) {
    Ellipse2D shape = new Ellipse2D.Double(e[0] - e[2], e[1] - e[3], 2 * e[2], 2 * e[3]);
    g.setColor(winter ? new Color(196, 220, 232) : new Color(40, 90, 170));
    g.fill(shape);
    g.setStroke(new BasicStroke(0.006f));
    if (winter) { // cracks in the ice
      g.setColor(new Color(150, 180, 200));
      g.draw(new Line2D.Double(e[0] - e[2] * 0.6, e[1], e[0] + e[2] * 0.2, e[1] - e[3] * 0.4));
      g.draw(new Line2D.Double(e[0], e[1] + e[3] * 0.3, e[0] + e[2] * 0.6, e[1]));
    } else { // ripples
      g.setColor(new Color(90, 140, 210));
      g.draw(new Line2D.Double(e[0] - e[2] * 0.5, e[1], e[0] + e[2] * 0.1, e[1]));
      g.draw(new Line2D.Double(e[0], e[1] + e[3] * 0.4, e[0] + e[2] * 0.5, e[1] + e[3] * 0.4));
    }
  }

  private static void tree(Graphics2D g, SeasonScene.Tree t, boolean winter) {
    double x = t.x(), y = t.y(), h = t.height();
    g.setColor(new Color(90, 60, 35));
    g.setStroke(new BasicStroke((float) (h * 0.08)));
    g.draw(new Line2D.Double(x, y, x, y - h * 0.45));
    if (t.conifer()) {
      g.setColor(winter ? new Color(30, 70, 45) : new Color(25, 95, 40));
      g.fill(triangle(x - h * 0.25, y - h * 0.3, x, y - h, x + h * 0.25, y - h * 0.3));
      if (winter) { // snow on the branches
        g.setColor(new Color(245, 247, 252));
        g.fill(triangle(x - h * 0.12, y - h * 0.68, x, y - h, x + h * 0.12, y - h * 0.68));
        g.fill(triangle(x - h * 0.22, y - h * 0.36, x, y - h * 0.52, x + h * 0.22, y - h * 0.36));
      }
    } else if (winter) { // bare branches
      g.setStroke(new BasicStroke((float) (h * 0.03)));
      for (int i = -2; i <= 2; i++) {
        double bx = x + i * h * 0.12;
        g.draw(new Line2D.Double(x, y - h * 0.45, bx, y - h * (0.85 - Math.abs(i) * 0.08)));
      }
    } else { // leafy crown
      g.setColor(new Color(50, 120, 40));
      g.fill(new Ellipse2D.Double(x - h * 0.25, y - h, h * 0.5, h * 0.6));
    }
  }

  private static Path2D triangle(double x0, double y0, double x1, double y1, double x2, double y2) {
    Path2D p = new Path2D.Double();
    p.moveTo(x0, y0);
    p.lineTo(x1, y1);
    p.lineTo(x2, y2);
    p.closePath();
    return p;
  }

  private static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) (a.getRed() + (b.getRed() - a.getRed()) * t),
        (int) (a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) (a.getBlue() + (b.getBlue() - a.getBlue()) * t));
  }
}
