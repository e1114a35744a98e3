package dev.i2i.streamer.web;

import dev.i2i.runtime.image.ImageEncoder;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last translations as before/after thumbnails, for the web gallery. Keeps at most {@link
 * #CAPACITY} and takes at most one every {@link #MIN_INTERVAL_MS} ms, so a busy stream spends
 * almost nothing on it; thumbnails are at most {@link #THUMB} pixels on a side.
 */
public final class Gallery {
  static final int CAPACITY = 12;
  static final long MIN_INTERVAL_MS = 250;
  static final int THUMB = 256;

  /** One before/after pair. */
  public record Entry(
      long id,
      String requestId,
      String model,
      int version,
      int width,
      int height,
      BufferedImage before,
      BufferedImage after,
      Instant at) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  private long lastTaken;
  private long nextId;

  /** Offers a translation; kept only if the last one kept is old enough. */
  public void offer(
      String requestId, String model, int version, BufferedImage before, BufferedImage after) {
    long now = System.currentTimeMillis();
    synchronized (this) {
      if (now - lastTaken < MIN_INTERVAL_MS) {
        return;
      }
      lastTaken = now;
    }
    Entry e =
        new Entry(
            0,
            requestId,
            model,
            version,
            after.getWidth(),
            after.getHeight(),
            thumbnail(before),
            thumbnail(after),
            Instant.ofEpochMilli(now));
    synchronized (this) {
      entries.addFirst(
          new Entry(
              nextId++,
              e.requestId(),
              e.model(),
              e.version(),
              e.width(),
              e.height(),
              e.before(),
              e.after(),
              e.at()));
      while (entries.size() > CAPACITY) {
        entries.removeLast();
      }
    }
  }

  /** Newest first. */
  public synchronized List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  static BufferedImage thumbnail(BufferedImage img) {
    double scale = Math.min(1.0, THUMB / (double) Math.max(img.getWidth(), img.getHeight()));
    int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  static byte[] png(BufferedImage img) {
    return ImageEncoder.PNG.encode(img);
  }

  /** The gallery page: refreshes itself every 3 s. */
  public String html() {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"3\"><title>i2i gallery</title>")
        .append("<style>body{font-family:sans-serif;background:#111;color:#eee}")
        .append("td{padding:6px;vertical-align:top}img{image-rendering:pixelated}</style>")
        .append("</head><body><h2>i2i: latest translations</h2>");
    List<Entry> list = entries();
    if (list.isEmpty()) {
      b.append("<p>No translations yet.</p>");
    }
    b.append("<table>");
    for (Entry e : list) {
      b.append("<tr><td>")
          .append(escape(e.requestId()))
          .append("<br>")
          .append(escape(e.model()))
          .append(" v")
          .append(e.version())
          .append("<br>")
          .append(e.width())
          .append("x")
          .append(e.height())
          .append("<br>")
          .append(e.at())
          .append("</td><td><img src=\"/gallery/")
          .append(e.id())
          .append("/before.png\" alt=\"before\"></td><td><img src=\"/gallery/")
          .append(e.id())
          .append("/after.png\" alt=\"after\"></td></tr>");
    }
    return b.append("</table></body></html>\n").toString();
  }

  /** The PNG of {@code /gallery/ID/before.png} or {@code after.png}, or null if gone. */
  public byte[] image(long id, boolean before) {
    for (Entry e : entries()) {
      if (e.id() == id) {
        return png(before ? e.before() : e.after());
      }
    }
    return null;
  }

  private static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
