package dev.i2i.streamer.serve;

import ai.onnxruntime.OrtException;
import dev.i2i.runtime.Device;
import dev.i2i.runtime.ModelFolder;
import dev.i2i.runtime.ModelRepository;
import dev.i2i.runtime.OnnxTranslator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the latest version of each named model from a repository folder: one ONNX Runtime session
 * per model, shared by every stream thread. Models that fail a check are refused with a log line
 * and do not stop the others.
 */
public final class LocalModelRegistry implements ModelLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalModelRegistry.class);

  private final Map<String, ServedModel> models = new TreeMap<>();
  private final List<OnnxTranslator> sessions = new ArrayList<>();

  private LocalModelRegistry() {}

  /** Loads {@code names} (all models in the repository when empty). */
  public static LocalModelRegistry load(ModelRepository repo, List<String> names, Device device)
      throws IOException {
    LocalModelRegistry registry = new LocalModelRegistry();
    List<String> wanted = names.isEmpty() ? repo.names() : names;
    for (String name : wanted) {
      try {
        ModelFolder folder = repo.latest(name);
        OnnxTranslator t = OnnxTranslator.open(folder, device);
        registry.sessions.add(t);
        registry.models.put(name, new ServedModel(name, folder.card().version(), t::translate));
        LOG.info(
            "serving {} v{} ({} -> {}) on {}",
            name,
            folder.card().version(),
            folder.card().sourceDomain(),
            folder.card().targetDomain(),
            t.provider());
      } catch (IOException | OrtException | IllegalArgumentException e) {
        LOG.error("model {} refused: {}", name, e.getMessage());
      }
    }
    if (registry.models.isEmpty()) {
      registry.close();
      throw new IOException("no usable model among " + wanted + " in " + repo.root());
    }
    return registry;
  }

  @Override
  public Optional<ServedModel> find(String name) {
    return Optional.ofNullable(models.get(name));
  }

  @Override
  public Set<String> names() {
    return models.keySet();
  }

  @Override
  public void close() {
    for (OnnxTranslator t : sessions) {
      try {
        t.close();
      } catch (OrtException e) {
        LOG.warn("closing a session failed: {}", e.getMessage());
      }
    }
  }
}
