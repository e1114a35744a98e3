package dev.i2i.streamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.i2i.broker.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and docker-compose.yml, read as Docker would read them (no Docker engine runs
 * here): what they copy exists, the services are wired as the README says.
 */
class ContainerFilesTest {
  static final Path ROOT = Path.of("..");

  static JsonNode compose() throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  static List<String> dockerfile() throws Exception {
    // Continuation lines joined, comments dropped: one instruction per entry.
    String text = Files.readString(ROOT.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.trim().startsWith("#")) {
        out.add(line.trim());
      }
    }
    return out;
  }

  static String pomProperty(Path pom, String name) throws Exception {
    Matcher m =
        Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(Files.readString(pom));
    assertTrue(m.find(), name + " in " + pom);
    return m.group(1);
  }

  @Test
  void everyPathTheDockerfileCopiesFromTheSourceTreeExists() throws Exception {
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
    int copies = 0;
    for (String line : dockerfile()) {
      if (line.startsWith("COPY ") && !line.contains("--from=")) {
        String[] parts = line.split("\\s+");
        for (int i = 1; i < parts.length - 1; i++) {
          assertTrue(Files.exists(ROOT.resolve(parts[i])), parts[i] + " (" + line + ")");
          assertFalse(ignored.contains(parts[i]), parts[i] + " is in .dockerignore");
          copies++;
        }
      }
    }
    assertTrue(copies >= 3, "the source tree, models and samples are copied");
  }

  @Test
  void theImageRunsTheStreamerJarTheBuildStageMakesAndChecksHealth() throws Exception {
    List<String> lines = dockerfile();
    String all = String.join("\n", lines);
    String jar = pomProperty(ROOT.resolve("streamer/pom.xml"), "finalName") + ".jar";
    assertTrue(all.contains("FROM maven:3.9-eclipse-temurin-17 AS build"), all);
    assertTrue(all.contains("-pl streamer -am clean package"), all);
    assertTrue(all.contains("COPY --from=build /src/streamer/target/" + jar + " streamer/target/"));
    assertTrue(all.contains("COPY --from=build /src/streamer/target/lib streamer/target/lib"));
    assertTrue(all.contains("\"-jar\", \"streamer/target/" + jar + "\""), all);
    // Two runtime bases chosen by BASE: a JRE, and NVIDIA's CUDA image with cuDNN.
    assertTrue(all.contains("ARG BASE=cpu"));
    assertTrue(all.contains("AS cpu"));
    assertTrue(
        Pattern.compile("FROM nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-\\S+ AS gpu")
            .matcher(all)
            .find());
    assertTrue(all.contains("FROM ${BASE}"));
    assertTrue(Pattern.compile("HEALTHCHECK .*GET /health").matcher(all).find(), all);
    assertTrue(all.contains("USER i2i"), "not root");
    assertTrue(all.contains("EXPOSE 9464"));
  }

  @Test
  void composeRunsKafkaAtTheClientsVersionAndTwoServiceReplicasThatWaitForIt() throws Exception {
    JsonNode services = compose().path("services");
    JsonNode kafka = services.path("kafka");
    assertEquals(
        "apache/kafka:" + pomProperty(ROOT.resolve("pom.xml"), "kafka.version"),
        kafka.path("image").asText().trim());
    assertTrue(kafka.path("healthcheck").path("test").toString().contains("9092"));
    // The broker runs with the embedded one's low-latency settings (KAFKA_ + upper snake case).
    EmbeddedKafka.LOW_LATENCY.forEach(
        (k, v) ->
            assertEquals(
                v,
                kafka
                    .path("environment")
                    .path("KAFKA_" + k.toUpperCase(Locale.ROOT).replace('.', '_'))
                    .asText(),
                k));
    String data = kafka.path("volumes").get(0).asText();
    assertTrue(compose().path("volumes").has(data.split(":")[0]), "a named volume: " + data);

    JsonNode streamer = services.path("streamer");
    assertEquals(".", streamer.path("build").asText());
    assertEquals(2, streamer.path("deploy").path("replicas").asInt());
    assertEquals(
        "service_healthy", streamer.path("depends_on").path("kafka").path("condition").asText());
    // A container port only: Docker picks host ports, so replicas and --scale do not collide.
    assertEquals("9464", streamer.path("ports").get(0).asText());
    String models = streamer.path("volumes").get(0).asText();
    assertTrue(Files.isDirectory(ROOT.resolve(models.split(":")[0])), models);
    assertTrue(models.contains(":/i2i/models"), models);

    JsonNode gpu = services.path("streamer-gpu");
    assertEquals("gpu", gpu.path("profiles").get(0).asText());
    assertEquals("gpu", gpu.path("build").path("args").path("BASE").asText());
    assertTrue(gpu.path("build").path("args").path("BUILD_FLAGS").asText().contains("-Pcuda"));
    JsonNode device =
        gpu.path("deploy").path("resources").path("reservations").path("devices").get(0);
    assertEquals("nvidia", device.path("driver").asText());
    assertEquals("gpu", device.path("capabilities").get(0).asText());
    assertTrue(gpu.path("command").toString().contains("\"--device\",\"auto\""), gpu.toString());
    assertEquals(
        "service_healthy", gpu.path("depends_on").path("kafka").path("condition").asText());
  }
}
