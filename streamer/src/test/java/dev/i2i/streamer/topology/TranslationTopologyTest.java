package dev.i2i.streamer.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.DeadLetter;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.streamer.TestImages;
import dev.i2i.streamer.kafka.RecordLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TranslationTopologyTest {
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> requests;
  private TestOutputTopic<String, byte[]> results;
  private TestOutputTopic<String, byte[]> deadLetters;
  private final AvroCodec<TranslationRequest> requestCodec = AvroCodec.requests();

  @BeforeEach
  void start() {
    RequestHandler handler =
        new RequestHandler(
            new StubModels(),
            new RequestHandler.Settings(
                null, 1_000_000, java.time.Duration.ofSeconds(30), ImageEncoder.PNG),
            RecordLimits.of(200_000),
            new dev.i2i.streamer.metrics.Metrics());
    driver =
        new TopologyTestDriver(
            TranslationTopology.buildTopology(Topics.DEFAULT, handler), new java.util.Properties());
    requests =
        driver.createInputTopic(
            Topics.DEFAULT.requests(), new ByteArraySerializer(), new ByteArraySerializer());
    results =
        driver.createOutputTopic(
            Topics.DEFAULT.results(), new StringDeserializer(), new ByteArrayDeserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEFAULT.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private byte[] avro(String id, String model, byte[] image) {
    return requestCodec.encode(
        new TranslationRequest(
            id, model, ByteBuffer.wrap(image), null, Instant.now(), Map.of("k", "v")));
  }

  @Test
  void anAvroRequestBecomesOneAvroResultNamingTheModelVersion() throws Exception {
    BufferedImage in = TestImages.scene(30, 18, 1);
    requests.pipeInput("r1".getBytes(), avro("r1", "invert", TestImages.encode(in, "png")));
    TestRecord<String, byte[]> out = results.readRecord();
    assertTrue(results.isEmpty() && deadLetters.isEmpty());
    assertEquals("r1", out.key());
    TranslationResult r = AvroCodec.results().decode(out.value());
    assertEquals("invert", r.getModel());
    assertEquals(3, r.getModelVersion());
    assertEquals(30, r.getWidth());
    assertEquals(18, r.getHeight());
    assertEquals("v", r.getAttributes().get("k"));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.getImage().array()));
    assertEquals(~in.getRGB(3, 3) & 0xffffff, img.getRGB(3, 3) & 0xffffff);
  }

  @Test
  void aRawRequestGetsARawResultWithMetadataInHeaders() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    WireHeaders.put(headers, WireHeaders.MODEL, "invert");
    requests.pipeInput(new TestRecord<>("photo-7".getBytes(), TestImages.png(20, 12), headers));
    TestRecord<String, byte[]> out = results.readRecord();
    assertEquals("photo-7", out.key());
    assertEquals("raw", WireHeaders.get(out.headers(), WireHeaders.FORMAT));
    assertEquals("3", WireHeaders.get(out.headers(), WireHeaders.MODEL_VERSION));
    assertEquals(20, ImageIO.read(new ByteArrayInputStream(out.value())).getWidth());
  }

  @Test
  void everyBadInputBecomesOneDeadLetterAndGoodOnesAroundThemAreTranslated() throws Exception {
    byte[] noise = noisyPng(400, 400); // over the 200 000-byte result limit once translated
    Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
    bad.put("EMPTY_VALUE", new byte[0]);
    bad.put("NOT_AN_IMAGE", avro("b2", "invert", "plain text".getBytes(StandardCharsets.UTF_8)));
    bad.put("TRUNCATED_IMAGE", avro("b3", "invert", TestImages.truncated(TestImages.png(64, 64))));
    bad.put(
        "UNSUPPORTED_FORMAT", avro("b4", "invert", "%PDF-1.4 x".getBytes(StandardCharsets.UTF_8)));
    bad.put("TOO_MANY_PIXELS", avro("b5", "invert", TestImages.pngHeaderOnly(5000, 5000)));
    bad.put("UNKNOWN_MODEL", avro("b6", "nope", TestImages.png(8, 8)));
    bad.put("MALFORMED_RECORD", new byte[] {(byte) 0xC3, 1, 9, 9, 9, 9, 9, 9, 9, 9, 1});
    bad.put("INFERENCE_ERROR", avro("b8", "broken", TestImages.png(8, 8)));
    bad.put("RESULT_TOO_LARGE", avro("b9", "invert", noise));
    int good = 0;
    for (Map.Entry<String, byte[]> e : bad.entrySet()) {
      requests.pipeInput(
          ("good-" + good).getBytes(), avro("good-" + good, "invert", TestImages.png(16, 16)));
      good++;
      requests.pipeInput(e.getKey().getBytes(), e.getValue());
    }
    assertEquals(good, results.readRecordsToList().size());
    List<String> reasons = new ArrayList<>();
    for (TestRecord<String, byte[]> r : deadLetters.readRecordsToList()) {
      DeadLetter d = AvroCodec.deadLetters().decode(r.value());
      reasons.add(d.getReason().name());
      assertEquals(Topics.DEFAULT.requests(), d.getSourceTopic());
      assertTrue(d.getDetail().length() > 5, d.getDetail());
      assertEquals(d.getReason().name(), WireHeaders.get(r.headers(), WireHeaders.REASON));
    }
    assertEquals(new ArrayList<>(bad.keySet()), reasons);
  }

  @Test
  void aRequestMayAskForAnotherResultSize() throws Exception {
    requests.pipeInput(
        "s1".getBytes(),
        requestCodec.encode(
            new TranslationRequest(
                "s1",
                "invert",
                ByteBuffer.wrap(TestImages.png(40, 30)),
                null,
                Instant.now(),
                Map.of("i2i.output-size", "80x60"))));
    TranslationResult r = AvroCodec.results().decode(results.readValue());
    assertEquals(80, r.getWidth());
    assertEquals(60, ImageIO.read(new ByteArrayInputStream(r.getImage().array())).getHeight());

    RecordHeaders headers = new RecordHeaders();
    WireHeaders.put(headers, WireHeaders.MODEL, "invert");
    WireHeaders.put(headers, WireHeaders.OUTPUT_SIZE, "big");
    requests.pipeInput(new TestRecord<>("s2".getBytes(), TestImages.png(20, 12), headers));
    DeadLetter d = AvroCodec.deadLetters().decode(deadLetters.readValue());
    assertEquals(FailureReason.MALFORMED_RECORD, d.getReason());
    assertTrue(d.getDetail().contains("WIDTHxHEIGHT"), d.getDetail());
  }

  @Test
  void aRawRequestWithoutAModelHeaderIsADeadLetterWhenNoDefaultIsSet() throws Exception {
    requests.pipeInput("x".getBytes(), TestImages.png(8, 8));
    DeadLetter d = AvroCodec.deadLetters().decode(deadLetters.readValue());
    assertEquals(FailureReason.UNKNOWN_MODEL, d.getReason());
    assertEquals("x", d.getRequestId());
    assertTrue(d.getDetail().contains("i2i-model"), d.getDetail());
  }

  private static byte[] noisyPng(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(1);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return TestImages.encode(img, "png");
  }
}
