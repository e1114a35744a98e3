package dev.i2i.streamer.topology;

import java.util.Map;

/**
 * A request as read from its record, Avro or raw.
 *
 * @param id request id
 * @param model model name
 * @param image the encoded image
 * @param outputSize the requested result size as WIDTHxHEIGHT, or null for the input's
 * @param attributes free attributes, echoed in an Avro result
 * @param avro true when the request came as Avro (the result goes back as Avro)
 */
record ParsedRequest(
    String id,
    String model,
    byte[] image,
    String outputSize,
    Map<String, String> attributes,
    boolean avro) {}
