package dev.i2i.runtime;

import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import dev.i2i.schemas.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    if (!Files.isRegularFile(onnx, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          "model folder "
              + dir
              + (Files.isSymbolicLink(onnx)
                  ? ": " + MODEL_FILE + " is a symbolic link, which is never served"
                  : " has no " + MODEL_FILE));
    }
    if (Files.isSymbolicLink(dir.resolve(ModelCards.FILE_NAME))) {
      throw new IOException(
          "model folder " + dir + ": " + ModelCards.FILE_NAME + " is a symbolic link");
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

  /**
   * The model file's bytes, read once and checked against the card's sha256 again: what is loaded
   * is exactly what was verified, even if the file is replaced after {@link #open}.
   */
  public byte[] verifiedOnnxBytes() throws IOException {
    byte[] bytes = Files.readAllBytes(onnxFile());
    String actual = Sha256.of(bytes);
    if (!actual.equals(card.sha256())) {
      throw new IOException(
          onnxFile()
              + " changed after it was verified: sha256 "
              + actual
              + ", card "
              + card.sha256());
    }
    return bytes;
  }

  public Path onnxFile() {
    return dir.resolve(MODEL_FILE);
  }

  public Path cardFile() {
    return dir.resolve(ModelCards.FILE_NAME);
  }
}
