package dev.i2i.streamer.serve;

import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.runtime.OnnxTranslator;
import dev.i2i.runtime.Tiling;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a version from the model repository with every check a served model must pass: the path
 * stays inside the repository, the card is valid and names this version, the file's sha256 matches
 * the card and the announcement, the signature fits the contract, and a test translation returns
 * finite values of the right shape.
 */
public final class OnnxVersionLoader implements VersionLoader {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxVersionLoader.class);

  private final ModelRepository repo;
  private final Device device;

  private final int intraOpThreads;

  private final Tiling tiling;

  public OnnxVersionLoader(ModelRepository repo, Device device) {
    this(repo, device, 0, Tiling.DEFAULT);
  }

  /**
   * @param intraOpThreads threads of one inference call (0: ONNX Runtime's default, every core)
   * @param tiling how images larger than a tile are translated
   */
  public OnnxVersionLoader(ModelRepository repo, Device device, int intraOpThreads, Tiling tiling) {
    this.repo = repo;
    this.device = device;
    this.intraOpThreads = intraOpThreads;
    this.tiling = tiling;
  }

  @Override
  public LoadedVersion load(String name, int version, String location, String sha256)
      throws Exception {
    ModelFolder folder = repo.openAt(Path.of(location), name, version);
    if (sha256 != null && !sha256.equals(folder.card().sha256())) {
      throw new IOException(
          folder.onnxFile()
              + " has sha256 "
              + folder.card().sha256()
              + " but the deployment announced "
              + sha256);
    }
    OnnxTranslator t = OnnxTranslator.open(folder, device, intraOpThreads);
    try {
      double ms = t.warmUp();
      LOG.info(
          "{} v{} ({} -> {}) loaded on {}, warm-up {} ms",
          name,
          version,
          folder.card().sourceDomain(),
          folder.card().targetDomain(),
          t.provider(),
          String.format("%.1f", ms));
    } catch (Exception | LinkageError e) {
      t.close();
      throw e;
    }
    return new LoadedVersion(
        new ServedModel(name, version, ImageTranslator.of(t, tiling)), folder.card().sha256(), t);
  }
}
