package dev.i2i.streamer.client;

/**
 * A file name made from a request id, which whoever published chose: no path separators, no leading
 * dots, no control characters, at most {@value #MAX} characters. A request keyed {@code ../x} or
 * {@code /tmp/x} can never write outside the output folder.
 */
public final class SafeFileName {
  static final int MAX = 150;

  private SafeFileName() {}

  public static String of(String requestId) {
    String id = requestId == null ? "" : requestId;
    StringBuilder b = new StringBuilder(Math.min(id.length(), MAX));
    for (int i = 0; i < id.length() && b.length() < MAX; i++) {
      char c = id.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
      b.append(ok && c < 0x80 ? c : '_');
    }
    while (!b.isEmpty() && b.charAt(0) == '.') {
      b.setCharAt(0, '_');
    }
    return b.isEmpty() ? "_" : b.toString();
  }
}
