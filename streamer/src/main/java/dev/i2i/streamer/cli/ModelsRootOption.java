package dev.i2i.streamer.cli;

import dev.i2i.cli.Installation;
import dev.i2i.runtime.ModelRepository;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --models-root}: the model repository every command that reads or writes models uses. */
public final class ModelsRootOption {
  @Option(
      names = "--models-root",
      paramLabel = "ROOT",
      defaultValue = "models",
      description =
          "Model repository: ROOT/NAME/VERSION/{model.onnx,card.json} (${DEFAULT-VALUE}).")
  public Path path;

  /**
   * The repository to serve from: {@link #path}, or the installation's bundled one when the path is
   * a relative name missing here (the launcher run from another folder).
   */
  public Path served() {
    return Installation.orBundled(path);
  }

  public ModelRepository repository() {
    return new ModelRepository(path);
  }
}
