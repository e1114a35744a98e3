package dev.i2i.runtime.image;

import java.nio.charset.StandardCharsets;

/**
 * Recognises common image formats that are not served, to tell "unsupported" from "not an image".
 */
final class KnownFormats {
  private KnownFormats() {}

  static String sniff(byte[] b) {
    String head = new String(b, 0, Math.min(b.length, 64), StandardCharsets.ISO_8859_1);
    if (head.startsWith("%PDF")) {
      return "PDF";
    }
    if (head.startsWith("8BPS")) {
      return "Photoshop PSD";
    }
    if (b.length > 12 && head.startsWith("ftyp", 4)) {
      String brand = head.substring(8, 12);
      return brand.startsWith("avi") ? "AVIF" : "HEIF/HEIC (" + brand.trim() + ")";
    }
    if (head.startsWith("\u0000\u0000\u0001\u0000")) {
      return "ICO";
    }
    if (head.matches("(?s)P[1-7]\\s.*")) {
      return "Netpbm (PPM/PGM/PBM)";
    }
    if (head.contains("<svg") || (head.startsWith("<?xml") && head.contains("svg"))) {
      return "SVG";
    }
    if (head.startsWith("\u00ff\n") || head.startsWith("\u0000\u0000\u0000\fJXL")) {
      return "JPEG XL";
    }
    return null;
  }

  static String hexPrefix(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      sb.append(String.format("%02x", b[i] & 0xff));
    }
    return sb.toString();
  }
}
