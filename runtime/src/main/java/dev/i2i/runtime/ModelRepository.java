package dev.i2i.runtime;

import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import dev.i2i.schemas.Sha256;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A model repository folder in Triton's layout: {@code ROOT/NAME/VERSION/model.onnx} and {@code
 * card.json}, VERSION a positive integer. Paths that leave the root are refused. Versions are only
 * ever added ({@link #addVersion}), never changed in place.
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

  /** Checks a staged version before it appears, and returns its card (the same, or amended). */
  @FunctionalInterface
  public interface StagedCheck {
    ModelCard check(ModelFolder staged) throws IOException;

    StagedCheck NONE = staged -> staged.card();
  }

  /** Adds {@code onnx} as the next version of {@code name}, unchecked. */
  public ModelFolder addVersion(String name, byte[] onnx, ModelCard card) throws IOException {
    return addVersion(name, onnx, card, 0, 0, StagedCheck.NONE);
  }

  /**
   * Adds a version of {@code name}: {@code model.onnx} holding {@code onnx}, and {@code card} with
   * this name, the version and the bytes' sha256. It is staged in a hidden folder beside the
   * versions, opened and verified like any version, passed to {@code check} (whose card is the one
   * kept), and appears under its number in one atomic rename, so readers never see half a version.
   * A failed check leaves nothing behind.
   *
   * @param version the number to take, refused when it exists; 0 for the next free one
   * @param floor the next free number is above this too (versions a deployment history still names,
   *     even when their folders are gone)
   */
  public ModelFolder addVersion(
      String name, byte[] onnx, ModelCard card, int version, int floor, StagedCheck check)
      throws IOException {
    if (version < 0) {
      throw new IllegalArgumentException("a version is a positive integer, got " + version);
    }
    Path modelDir = inside(Path.of(name));
    Files.createDirectories(modelDir);
    Path staged = modelDir.resolve(".incoming-" + UUID.randomUUID());
    Files.createDirectories(staged);
    try {
      int v = version > 0 ? version : next(name, floor);
      refuseExisting(name, v);
      Files.write(staged.resolve(ModelFolder.MODEL_FILE), onnx);
      ModelCard named = card.withName(name).withVersion(v).withSha256(Sha256.of(onnx));
      ModelCards.write(named, staged.resolve(ModelCards.FILE_NAME));
      ModelCard checked = check.check(ModelFolder.open(staged));
      for (int attempt = 0; ; attempt++) {
        ModelCards.write(checked.withVersion(v), staged.resolve(ModelCards.FILE_NAME));
        try {
          Files.move(staged, modelDir.resolve(Integer.toString(v)), StandardCopyOption.ATOMIC_MOVE);
          return open(name, v);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
          if (version > 0 || attempt == 10) {
            throw new FileAlreadyExistsException(
                name
                    + " v"
                    + v
                    + " appeared while this one was written; versions are never"
                    + " overwritten");
          }
          v = next(name, floor); // another writer took the number first
        }
      }
    } finally {
      FileTrees.delete(staged);
    }
  }

  private int next(String name, int floor) throws IOException {
    List<Integer> v = versions(name);
    return Math.max(floor, v.isEmpty() ? 0 : v.get(v.size() - 1)) + 1;
  }

  private void refuseExisting(String name, int version) throws IOException {
    if (Files.exists(inside(Path.of(name, Integer.toString(version))))) {
      throw new FileAlreadyExistsException(
          name
              + " v"
              + version
              + " already exists in "
              + root
              + "; versions are never overwritten: take the next one (leave the version out) or"
              + " another number");
    }
  }
}
