package dev.i2i.schemas;

import java.util.Arrays;
import java.util.Locale;

/** The kind of procedure that trained a generator. */
public enum ModelKind {
  CYCLEGAN,
  PIX2PIX;

  public static String[] names() {
    return Arrays.stream(values())
        .map(k -> k.name().toLowerCase(Locale.ROOT))
        .toArray(String[]::new);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
