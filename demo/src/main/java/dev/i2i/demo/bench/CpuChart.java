package dev.i2i.demo.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A PNG of where the process's CPU goes per image in the peak phase, for each configuration: one
 * stacked bar of the parts, in percent of what ONNX Runtime alone spends on an image (the dashed
 * line at 100 %), so that configurations of any size compare.
 */
final class CpuChart {
  private static final Color[] COLORS = {
    new Color(0x1f77b4), // inference
    new Color(0xff7f0e), // decode
    new Color(0x2ca02c), // encode
    new Color(0x9467bd), // stream thread
    new Color(0x8c564b), // producers
    new Color(0xe377c2), // bench
    new Color(0x7f7f7f), // broker
    new Color(0x17becf), // jit
    new Color(0xbcbd22), // native
  };

  private CpuChart() {}

  /** Writes the chart; false (and no file) when no row has CPU figures. */
  static boolean write(List<BenchRow> rows, Path png) throws IOException {
    List<BenchRow> measured = rows.stream().filter(r -> r.stream().stages().cpu() != null).toList();
    if (measured.isEmpty()) {
      return false;
    }
    CpuUse.Part[] parts = CpuUse.Part.values();
    int barW = 50;
    int w = Math.max(640, 140 + measured.size() * (barW + 30) + 120);
    int h = 420;
    int top = 50;
    int bottom = h - 60;
    double max = 150; // percent at the top of the axis, at least
    for (BenchRow r : measured) {
      max = Math.max(max, 100 * CpuUse.total(r.stream().stages().cpu()) / r.ceiling().cpuMs() + 10);
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = BenchChart.canvas(img);
    g.setColor(Color.BLACK);
    g.drawString("CPU per image in the stream, % of ONNX Runtime alone's (dashed: 100 %)", 60, 25);
    double scale = (bottom - top) / max;
    for (int i = 0; i < measured.size(); i++) {
      BenchRow r = measured.get(i);
      Map<CpuUse.Part, Double> cpu = r.stream().stages().cpu();
      int x = 70 + i * (barW + 30);
      double y = bottom;
      for (int p = 0; p < parts.length; p++) {
        double height = 100 * cpu.get(parts[p]) / r.ceiling().cpuMs() * scale;
        g.setColor(COLORS[p]);
        g.fillRect(x, (int) Math.round(y - height), barW, (int) Math.round(height));
        y -= height;
      }
      g.setColor(Color.BLACK);
      g.drawString(
          String.format("%.0f%%", 100 * CpuUse.total(cpu) / r.ceiling().cpuMs()),
          x + 8,
          (int) y - 4);
      g.drawString(r.size() + "px", x, bottom + 15);
      g.drawString(r.threads() + "t b" + r.batch(), x, bottom + 30);
    }
    g.drawLine(50, bottom, w - 130, bottom);
    g.setStroke(BenchChart.DASHED);
    int hundred = bottom - (int) (100 * scale);
    g.drawLine(50, hundred, w - 130, hundred);
    g.drawString("100%", 10, hundred + 4);
    for (int p = 0; p < parts.length; p++) {
      int ly = top + 20 * (parts.length - 1 - p);
      g.setColor(COLORS[p]);
      g.fillRect(w - 110, ly, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(parts[p].column, w - 92, ly + 11);
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
    return true;
  }
}
