package dev.i2i.streamer.topology;

import dev.i2i.schemas.WireCodecs;
import dev.i2i.schemas.WireCodecs.Framing;
import dev.i2i.schemas.avro.FailureReason;
import dev.i2i.schemas.avro.TranslationRequest;
import dev.i2i.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The first stage of a request: its record read into a {@link ParsedRequest} (Avro in any framing,
 * or a raw image file with headers), every field checked before anything is decoded.
 */
final class RequestParser {
  private final WireCodecs codecs;
  private final RequestHandler.Settings settings;

  RequestParser(WireCodecs codecs, RequestHandler.Settings settings) {
    this.codecs = codecs;
    this.settings = settings;
  }

  /** Reads the request: Avro (told by its single-object header) or a raw image file. */
  ParsedRequest parse(IncomingRecord in) throws RequestFailure {
    byte[] value = in.value();
    if (value == null || value.length == 0) {
      throw new RequestFailure(FailureReason.EMPTY_VALUE, "the record has no value");
    }
    if (in.key() != null && in.key().length > RequestHandler.MAX_ID_BYTES) {
      throw new RequestFailure(
          FailureReason.MALFORMED_RECORD,
          "the key (request id) is "
              + in.key().length
              + " bytes, over "
              + RequestHandler.MAX_ID_BYTES);
    }
    Framing framing = codecs.framing(value);
    if (framing != Framing.RAW) {
      TranslationRequest req;
      try {
        req = codecs.decodeRequest(value);
      } catch (SchemaRegistryException e) {
        throw new RequestFailure(
            e.unavailable()
                ? FailureReason.SCHEMA_REGISTRY_UNAVAILABLE
                : FailureReason.MALFORMED_RECORD,
            e.getMessage());
      } catch (IOException e) {
        throw new RequestFailure(FailureReason.MALFORMED_RECORD, e.getMessage());
      }
      if (req.getId().getBytes(StandardCharsets.UTF_8).length > RequestHandler.MAX_ID_BYTES) {
        throw new RequestFailure(
            FailureReason.MALFORMED_RECORD,
            "the request id is over " + RequestHandler.MAX_ID_BYTES + " bytes");
      }
      Map<String, String> attributes = req.getAttributes();
      return new ParsedRequest(
          req.getId(),
          req.getModel(),
          bytes(req.getImage()),
          attributes.get(OutputSize.ATTRIBUTE),
          attributes,
          framing);
    }
    String id =
        in.key() != null ? new String(in.key(), StandardCharsets.UTF_8) : DeadLetters.position(in);
    String header = WireHeaders.get(in.headers(), WireHeaders.MODEL);
    String model = header != null ? header : settings.defaultModel();
    if (model == null) {
      throw new RequestFailure(
          FailureReason.UNKNOWN_MODEL,
          "raw request without an "
              + WireHeaders.MODEL
              + " header, and the service has no default model");
    }
    return new ParsedRequest(
        id,
        model,
        value,
        WireHeaders.get(in.headers(), WireHeaders.OUTPUT_SIZE),
        Map.of(),
        Framing.RAW);
  }

  /** The requested output size, checked against the pixel budget before any work is done. */
  int[] outputSize(ParsedRequest req) throws RequestFailure {
    if (req.outputSize() == null) {
      return null;
    }
    int[] size;
    try {
      size = OutputSize.parse(req.outputSize());
    } catch (IllegalArgumentException e) {
      throw new RequestFailure(FailureReason.MALFORMED_RECORD, e.getMessage());
    }
    if ((long) size[0] * size[1] > settings.maxPixels()) {
      throw new RequestFailure(
          FailureReason.OUTPUT_SIZE_REFUSED,
          String.format(
              "the requested output size %dx%d is %,d pixels, over the limit of %,d",
              size[0], size[1], (long) size[0] * size[1], settings.maxPixels()));
    }
    return size;
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
