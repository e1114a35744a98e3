package dev.i2i.streamer.serve;

/** Loads, checks and warms up one model version; any failure refuses it. */
@FunctionalInterface
public interface VersionLoader {
  /**
   * A version ready to serve.
   *
   * @param served the model as requests see it
   * @param sha256 sha256 of the file it was loaded from
   * @param session closed when the version is no longer used
   */
  record Loaded(ServedModel served, String sha256, AutoCloseable session) {}

  /**
   * @param name model name
   * @param version repository version
   * @param location version folder relative to the repository root
   * @param sha256 expected sha256 of its model.onnx, or null to take the card's
   * @throws Exception saying why the version cannot be served
   */
  Loaded load(String name, int version, String location, String sha256) throws Exception;
}
