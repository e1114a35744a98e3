package dev.i2i.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model repository folder in Triton's layout: {@code ROOT/NAME/VERSION/model.onnx} and {@code
 * card.json}, VERSION a positive integer. Paths that leave the root are refused.
 */
public final class ModelRepository {
  private final Path root;

  public ModelRepository(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** Model names (folders with at least one version). */
  public List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      throw new IOException("model repository " + root + " does not exist");
    }
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isDirectory(p) && !versions(p.getFileName().toString()).isEmpty()) {
          names.add(p.getFileName().toString());
        }
      }
    }
    return names;
  }

  /** Versions of a model, ascending. */
  public List<Integer> versions(String name) throws IOException {
    Path dir = inside(root.resolve(name));
    List<Integer> versions = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return versions;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.matches("[1-9][0-9]{0,8}") && Files.isDirectory(p)) {
          versions.add(Integer.parseInt(n));
        }
      }
    }
    versions.sort(null);
    return versions;
  }

  /** Opens and verifies one version. */
  public ModelFolder open(String name, int version) throws IOException {
    return openAt(Path.of(name, Integer.toString(version)), name, version);
  }

  /**
   * Opens and verifies the folder at {@code location} (relative to the root, refused if it leaves
   * it), which must hold {@code name} v{@code version}.
   */
  public ModelFolder openAt(Path location, String name, int version) throws IOException {
    ModelFolder folder = ModelFolder.open(inside(location));
    if (!folder.card().name().equals(name) || folder.card().version() != version) {
      throw new IOException(
          folder.dir()
              + " holds a card for "
              + folder.card().name()
              + " v"
              + folder.card().version()
              + ", not "
              + name
              + " v"
              + version);
    }
    return folder;
  }

  /** Opens the highest version of a model. */
  public ModelFolder latest(String name) throws IOException {
    List<Integer> v = versions(name);
    if (v.isEmpty()) {
      throw new IOException("model " + name + " has no versions in " + root);
    }
    return open(name, v.get(v.size() - 1));
  }

  /** Resolves a path given relative to the root, refusing any that leaves it. */
  public Path inside(Path p) throws IOException {
    Path abs = root.resolve(p).toAbsolutePath().normalize();
    if (!abs.startsWith(root)) {
      throw new IOException(p + " is outside the model repository " + root);
    }
    // A symbolic link inside the repository may still point out of it: compare real paths too.
    if (Files.exists(abs) && !abs.toRealPath().startsWith(root.toRealPath())) {
      throw new IOException(
          p + " leads out of the model repository " + root + " (to " + abs.toRealPath() + ")");
    }
    return abs;
  }
}
