package dev.i2i.streamer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The service's jar (what containers run) has the Kafka clients on its class path, no broker. */
class ServiceJarsIT {
  @Test
  void theServiceJarsHoldNoBroker() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target", "i2i-streamer.jar").toFile())) {
      String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
      assertTrue(classPath.contains("lib/kafka-streams-"), classPath);
      for (String broker : List.of("kafka_2.13-", "kafka-server-", "kafka-raft-", "scala-")) {
        assertFalse(classPath.contains("lib/" + broker), broker + " in " + classPath);
      }
    }
  }
}
