package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.runtime.onnx.OnnxModel.AttributeProto;
import dev.i2i.runtime.onnx.OnnxModel.GraphProto;
import dev.i2i.runtime.onnx.OnnxModel.ModelProto;
import dev.i2i.runtime.onnx.OnnxModel.NodeProto;
import dev.i2i.runtime.onnx.OnnxModel.TensorProto;
import dev.i2i.runtime.onnx.OnnxModel.TensorShapeProto;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rewrite, on the bundled model, read back through the same generated ONNX classes. */
class OnnxRewriterTest {
  static final Path ONNX = OnnxTranslatorTest.MODEL.resolve("model.onnx");
  @TempDir Path tmp;

  static GraphProto graph(byte[] model) throws Exception {
    return ModelProto.parseFrom(model).getGraph();
  }

  static List<OnnxRewriter.Dim> dims(GraphProto g) {
    return g.getInput(0).getType().getTensorType().getShape().getDimList().stream()
        .map(OnnxRewriter.Dim::of)
        .toList();
  }

  @Test
  void renamingReachesTheGraphsInputsAndEveryNodeAndKeepsEverythingElse() throws Exception {
    byte[] bundled = Files.readAllBytes(ONNX);
    byte[] renamed = new OnnxRewriter(Map.of("image", "pixels"), (i, d) -> d).rewrite(bundled);
    GraphProto g = graph(renamed);
    assertEquals("pixels", g.getInput(0).getName());
    assertEquals("translated", g.getOutput(0).getName());
    long uses = g.getNodeList().stream().filter(n -> n.getInputList().contains("pixels")).count();
    assertTrue(uses >= 1);
    assertTrue(g.getNodeList().stream().noneMatch(n -> n.getInputList().contains("image")));
    assertEquals(graph(bundled).getNodeCount(), g.getNodeCount());
    // Renamed back, ONNX Runtime translates exactly as with the original: nothing was lost.
    byte[] back = new OnnxRewriter(Map.of("pixels", "image"), (i, d) -> d).rewrite(renamed);
    Files.write(tmp.resolve("back.onnx"), back);
    BufferedImage in = new BufferedImage(20, 12, BufferedImage.TYPE_INT_RGB);
    in.setRGB(3, 4, 0x336699);
    try (OnnxTranslator a = OnnxTranslator.open(ONNX, 4, Device.CPU);
        OnnxTranslator b = OnnxTranslator.open(tmp.resolve("back.onnx"), 4, Device.CPU)) {
      assertArrayEquals(
          a.translate(in).getRGB(0, 0, 20, 12, null, 0, 20),
          b.translate(in).getRGB(0, 0, 20, 12, null, 0, 20));
    }
  }

  @Test
  void dimensionsAreSetFixedOrSymbolic() throws Exception {
    byte[] bundled = Files.readAllBytes(ONNX);
    long[] fixed = {1, 3, 64, 64};
    byte[] pinned =
        new OnnxRewriter(Map.of(), (i, d) -> OnnxRewriter.Dim.fixed(fixed[i])).rewrite(bundled);
    assertEquals(
        List.of(
            OnnxRewriter.Dim.fixed(1),
            OnnxRewriter.Dim.fixed(3),
            OnnxRewriter.Dim.fixed(64),
            OnnxRewriter.Dim.fixed(64)),
        dims(graph(pinned)));
    String[] names = {"N", null, "H", "W"};
    byte[] dynamic =
        new OnnxRewriter(
                Map.of(), (i, d) -> names[i] == null ? d : OnnxRewriter.Dim.symbolic(names[i]))
            .rewrite(pinned);
    assertEquals(
        List.of(
            OnnxRewriter.Dim.symbolic("N"),
            OnnxRewriter.Dim.fixed(3),
            OnnxRewriter.Dim.symbolic("H"),
            OnnxRewriter.Dim.symbolic("W")),
        dims(graph(dynamic)));
  }

  @Test
  void externalTensorsAreCountedWhereverTheyAre() throws Exception {
    byte[] bundled = Files.readAllBytes(ONNX);
    assertEquals(0, OnnxRewriter.externalTensors(bundled));
    TensorProto outside =
        TensorProto.newBuilder().setDataLocation(TensorProto.DataLocation.EXTERNAL).build();
    GraphProto sub = GraphProto.newBuilder().addInitializer(outside).build();
    ModelProto m = ModelProto.parseFrom(bundled);
    GraphProto.Builder g =
        m.getGraph().toBuilder()
            .addInitializer(outside)
            .addNode(
                NodeProto.newBuilder()
                    .addAttribute(AttributeProto.newBuilder().setT(outside).setG(sub)));
    // The initializer, the attribute's tensor and the one in the attribute's subgraph.
    assertEquals(3, OnnxRewriter.externalTensors(m.toBuilder().setGraph(g).build().toByteArray()));
  }

  @Test
  void bytesThatAreNoModelAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OnnxRewriter.externalTensors(new byte[] {(byte) 0xFF, (byte) 0xFF, 1}));
    assertEquals(
        TensorShapeProto.Dimension.ValueCase.VALUE_NOT_SET,
        TensorShapeProto.Dimension.getDefaultInstance().getValueCase());
  }
}
