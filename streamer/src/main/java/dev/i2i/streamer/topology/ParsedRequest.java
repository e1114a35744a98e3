package dev.i2i.streamer.topology;

import dev.i2i.schemas.WireCodecs.Framing;
import java.util.Map;

/**
 * A request as read from its record, Avro or raw.
 *
 * @param id request id
 * @param model model name
 * @param image the encoded image
 * @param outputSize the requested result size as WIDTHxHEIGHT, or null for the input's
 * @param attributes free attributes, echoed in an Avro result
 * @param framing how the request came (the result goes back the same way)
 */
record ParsedRequest(
    String id,
    String model,
    byte[] image,
    String outputSize,
    Map<String, String> attributes,
    Framing framing) {}
