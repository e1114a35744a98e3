package dev.i2i.streamer.serve;

/** Loads, checks and warms up one model version; any failure refuses it. */
@FunctionalInterface
public interface VersionLoader {
  /**
   * @param name model name
   * @param version repository version
   * @param location version folder relative to the repository root
   * @param sha256 expected sha256 of its model.onnx, or null to take the card's
   * @return the version ready to serve, holding the one reference its caller owns
   * @throws Exception saying why the version cannot be served
   */
  LoadedVersion load(String name, int version, String location, String sha256) throws Exception;
}
