package dev.i2i.streamer.topology;

import dev.i2i.runtime.image.ImageEncoder;
import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.WireCodecs.Framing;
import dev.i2i.schemas.avro.Timings;
import dev.i2i.schemas.avro.TranslationResult;
import dev.i2i.streamer.serve.ServedModel;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/**
 * A translated image as its result record: Avro in the request's framing (or the bare encoded image
 * for a raw request), with the headers every result carries.
 */
final class Results {
  private final WireCodecs codecs;
  private final ImageEncoder encoder;

  Results(WireCodecs codecs, ImageEncoder encoder) {
    this.codecs = codecs;
    this.encoder = encoder;
  }

  Outcome of(
      ParsedRequest req, ServedModel model, BufferedImage output, byte[] encoded, Timings timings) {
    Outcome out;
    boolean avro = req.framing() != Framing.RAW;
    if (avro) {
      TranslationResult result =
          new TranslationResult(
              req.id(),
              model.name(),
              model.version(),
              ByteBuffer.wrap(encoded),
              encoder.contentType(),
              output.getWidth(),
              output.getHeight(),
              timings,
              req.attributes());
      out = Outcome.result(req.id(), codecs.encodeResult(result, req.framing()));
    } else {
      out = Outcome.result(req.id(), encoded);
    }
    WireHeaders.put(out.headers(), WireHeaders.FORMAT, avro ? "avro" : "raw");
    WireHeaders.put(out.headers(), WireHeaders.REQUEST_ID, req.id());
    WireHeaders.put(out.headers(), WireHeaders.MODEL, model.name());
    WireHeaders.put(out.headers(), WireHeaders.MODEL_VERSION, model.version());
    WireHeaders.put(out.headers(), WireHeaders.CONTENT_TYPE, encoder.contentType());
    WireHeaders.put(out.headers(), WireHeaders.WIDTH, output.getWidth());
    WireHeaders.put(out.headers(), WireHeaders.HEIGHT, output.getHeight());
    WireHeaders.put(
        out.headers(), WireHeaders.INFERENCE_MS, String.format("%.1f", timings.getInferenceMs()));
    return out;
  }
}
