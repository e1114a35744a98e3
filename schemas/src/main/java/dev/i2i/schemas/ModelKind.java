package dev.i2i.schemas;

import java.util.Arrays;
import java.util.Locale;

/** The kind of procedure that trained a generator. */
public enum ModelKind {
  CYCLEGAN,
  PIX2PIX;

  /** Parses a kind name case-insensitively; an unknown name fails with the list of known ones. */
  public static ModelKind parse(String name) {
    for (ModelKind kind : values()) {
      if (kind.name().equalsIgnoreCase(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown model kind '" + name + "', expected one of " + Arrays.toString(names()));
  }

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
