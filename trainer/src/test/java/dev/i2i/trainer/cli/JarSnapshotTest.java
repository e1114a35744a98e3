package dev.i2i.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher runs commands from a snapshot of the jars ({@code scripts/lib/jar-snapshot.sh}), so
 * a rebuild, which rewrites the jars in place, cannot change the classes of a training run or a
 * service that is running.
 */
class JarSnapshotTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "lib", "jar-snapshot.sh");
  @TempDir Path tmp;

  @Test
  void aRebuildInPlaceLeavesARunningCommandsJarsAsTheyWere() throws Exception {
    Path target = Files.createDirectories(tmp.resolve("target"));
    Path jar = write(target.resolve("i2i-trainer.jar"), "trainer v1");
    Path runtime = write(target.resolve("lib/i2i-runtime.jar"), "runtime v1");
    Path other = write(target.resolve("lib/nd4j.jar"), "third party");

    Path first = snapshot(jar);
    assertEquals("trainer v1", read(first));
    assertEquals("runtime v1", read(first.resolveSibling("lib/i2i-runtime.jar")));
    assertTrue(Files.isSameFile(other, first.resolveSibling("lib/nd4j.jar")), "linked, not copied");

    write(jar, "trainer v2"); // as Maven does: the same file, new content
    write(runtime, "runtime v2");
    assertEquals("trainer v1", read(first));
    assertEquals("runtime v1", read(first.resolveSibling("lib/i2i-runtime.jar")));

    Path second = snapshot(jar);
    assertNotEquals(first, second);
    assertEquals("trainer v2", read(second));
    assertEquals("runtime v2", read(second.resolveSibling("lib/i2i-runtime.jar")));
  }

  @Test
  void theSameJarsReuseTheirSnapshotAndOnesUnusedFor30DaysGo() throws Exception {
    Path target = Files.createDirectories(tmp.resolve("target"));
    Path jar = write(target.resolve("i2i-demo.jar"), "demo v1");
    write(target.resolve("lib/i2i-schemas.jar"), "schemas v1");
    Path old = snapshot(jar).getParent();
    assertEquals(old, snapshot(jar).getParent());
    assertEquals(1, snapshots());

    write(jar, "demo v2");
    Path current = snapshot(jar).getParent();
    assertEquals(2, snapshots());
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(31))));
    assertEquals(current, snapshot(jar).getParent());
    assertFalse(Files.exists(old), "a snapshot unused for 31 days is removed");
    assertTrue(Files.exists(current));
  }

  private long snapshots() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("store"))) {
      return s.count();
    }
  }

  /** Sources the script and returns the path it prints. */
  private Path snapshot(Path jar) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            "set -euo pipefail; . \"$1\"; jar_snapshot \"$2\" \"$3\"",
            "test",
            SCRIPT.toString(),
            jar.toString(),
            tmp.resolve("store").toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    Path snap = Path.of(out);
    assertTrue(snap.startsWith(tmp.resolve("store")), out);
    return snap;
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
