package dev.i2i.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationTest {
  @TempDir Path home;

  @AfterEach
  void clear() {
    System.clearProperty(Installation.HOME);
  }

  @Test
  void aRelativeDefaultMissingHereIsTheInstallationsOwn() throws Exception {
    Files.createDirectories(home.resolve("bundled-samples-for-test"));
    System.setProperty(Installation.HOME, home.toString());
    Path name = Path.of("bundled-samples-for-test");
    assertEquals(home.resolve(name), Installation.orBundled(name));
  }

  @Test
  void whatExistsHereOrIsAbsoluteOrIsNowhereStaysAsGiven() throws Exception {
    Files.createDirectories(home.resolve("pom.xml"));
    System.setProperty(Installation.HOME, home.toString());
    Path here = Path.of("pom.xml"); // the module's own, in the working folder of the test run
    assertEquals(here, Installation.orBundled(here));
    Path absolute = home.resolve("elsewhere");
    assertEquals(absolute, Installation.orBundled(absolute));
    Path nowhere = Path.of("not-in-either-folder");
    assertEquals(nowhere, Installation.orBundled(nowhere));
    System.clearProperty(Installation.HOME);
    assertEquals(Path.of("x"), Installation.orBundled(Path.of("x")));
  }
}
