package dev.i2i.streamer.serve;

/**
 * A model version ready to serve.
 *
 * @param name model name
 * @param version repository version that makes every result it produces
 * @param translator the loaded generator
 */
public record ServedModel(String name, int version, ImageTranslator translator) {}
