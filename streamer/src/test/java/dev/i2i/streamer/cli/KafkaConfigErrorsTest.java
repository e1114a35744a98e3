package dev.i2i.streamer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.cli.CliErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A setting Kafka refuses in --kafka-config is answered with one line naming it, not a trace. */
class KafkaConfigErrorsTest {
  @Test
  void aSettingKafkaRefusesIsABadValueNamedInOneLine(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("kafka.properties"), "retry.backoff.ms=abc\n");
    Path image = Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3});
    CommandLine cli = StreamerMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    // The producer reads its settings before it connects: no broker is needed to be refused.
    int code =
        cli.execute(
            "publish",
            "--model",
            "summer2winter",
            "-b",
            "127.0.0.1:1",
            "--kafka-config",
            config.toString(),
            image.toString());
    assertEquals(CliErrors.USAGE, code, err.toString());
    assertTrue(
        err.toString().startsWith("error: ") && err.toString().contains("retry.backoff.ms"),
        err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }
}
