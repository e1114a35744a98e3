package dev.i2i.runtime;

import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import dev.i2i.schemas.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One exported model on disk: a folder with {@code model.onnx} and {@code card.json}, the card
 * valid and its sha256 matching the file.
 *
 * @param dir the folder
 * @param card its validated card
 */
public record ModelFolder(Path dir, ModelCard card) {
  public static final String MODEL_FILE = "model.onnx";

  /** Opens and verifies a model folder; the message says exactly what is wrong. */
  public static ModelFolder open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("model folder " + dir + " does not exist");
    }
    Path onnx = dir.resolve(MODEL_FILE);
    if (!Files.isRegularFile(onnx)) {
      throw new IOException("model folder " + dir + " has no " + MODEL_FILE);
    }
    ModelCard card = ModelCards.read(dir.resolve(ModelCards.FILE_NAME));
    String actual = Sha256.of(onnx);
    if (!actual.equals(card.sha256())) {
      throw new IOException(
          onnx
              + " has sha256 "
              + actual
              + " but its card says "
              + card.sha256()
              + " (the file was changed or the card belongs to another model)");
    }
    return new ModelFolder(dir, card);
  }

  public Path onnxFile() {
    return dir.resolve(MODEL_FILE);
  }

  public Path cardFile() {
    return dir.resolve(ModelCards.FILE_NAME);
  }
}
