package dev.i2i.streamer.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafeFileNameTest {
  @Test
  void requestIdsNeverLeaveTheOutputFolder() {
    Path out = Path.of("/tmp/out").normalize();
    for (String id :
        new String[] {"../x", "/tmp/x", "..", ".", "a/../../b", "..\\\\c", "x\u0000y", "", null}) {
      String name = SafeFileName.of(id);
      Path file = out.resolve(name + ".png").normalize();
      assertEquals(out, file.getParent(), id + " -> " + name);
      assertTrue(!name.startsWith("."), name);
    }
    assertEquals("photo-7_v2.jpg", SafeFileName.of("photo-7_v2.jpg"));
    assertEquals("_._x", SafeFileName.of("../x"));
    assertEquals(SafeFileName.MAX, SafeFileName.of("a".repeat(1000)).length());
  }
}
