package dev.i2i.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the launcher is installed ({@code -Di2i.home}, set by {@code ./i2i}): the bundled models
 * and sample images that the commands' relative defaults ({@code models}, {@code samples}) name.
 */
public final class Installation {
  /** The system property the launcher sets to its folder. */
  public static final String HOME = "i2i.home";

  private Installation() {}

  /**
   * {@code path} itself when it exists or is absolute; otherwise the installation's file of that
   * name when there is one, so {@code /opt/i2i/i2i demo} works from any folder. A folder of the
   * user's own with that name always wins.
   */
  public static Path orBundled(Path path) {
    String home = System.getProperty(HOME);
    if (path.isAbsolute() || Files.exists(path) || home == null || home.isBlank()) {
      return path;
    }
    Path bundled = Path.of(home).resolve(path);
    return Files.exists(bundled) ? bundled : path;
  }
}
