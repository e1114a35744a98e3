package dev.i2i.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.i2i.demo.bench.CpuUse.Part;
import org.junit.jupiter.api.Test;

/** Which part of the process a thread's CPU is counted in, by the names Kafka gives threads. */
class CpuUseTest {
  @Test
  void theServicesProducerThreadCountsAsProducingThoughItIsNamedAfterItsStreamThread() {
    assertEquals(
        Part.PRODUCERS,
        Part.of("kafka-producer-network-thread | svc-1f2e-StreamThread-1-producer"));
    assertEquals(Part.PRODUCERS, Part.of("kafka-producer-network-thread | producer-1"));
    assertEquals(Part.STREAM, Part.of("svc-1f2e-StreamThread-1"));
  }

  @Test
  void theServicesOwnStagesTheBenchAndTheRestAreToldApart() {
    assertEquals(Part.INFERENCE, Part.of("i2i-infer-0"));
    assertEquals(Part.DECODE, Part.of("i2i-decode-1"));
    assertEquals(Part.ENCODE, Part.of("i2i-encode-0"));
    assertEquals(Part.BENCH, Part.of("main"));
    assertEquals(Part.BROKER, Part.of("data-plane-kafka-request-handler-0"));
  }
}
