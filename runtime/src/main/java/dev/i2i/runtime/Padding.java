package dev.i2i.runtime;

import java.nio.FloatBuffer;

/** Pads CHW planes to a larger size by repeating the last row and column, and crops them back. */
final class Padding {
  private Padding() {}

  static void replicate(float[] chw, int w, int h, FloatBuffer out, int pw, int ph) {
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < ph; y++) {
        int sy = Math.min(y, h - 1);
        int src = (c * h + sy) * w;
        int dst = (c * ph + y) * pw;
        out.put(dst, chw, src, w);
        float edge = chw[src + w - 1];
        for (int x = w; x < pw; x++) {
          out.put(dst + x, edge);
        }
      }
    }
  }

  static float[] crop(float[] chw, int pw, int ph, int w, int h) {
    if (pw == w && ph == h) {
      return chw;
    }
    float[] out = new float[3 * w * h];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(chw, (c * ph + y) * pw, out, (c * h + y) * w, w);
      }
    }
    return out;
  }
}
