package dev.i2i.streamer;

import dev.i2i.runtime.ModelFolder;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.ModelCards;
import dev.i2i.schemas.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Model folders for deployment tests, made from the bundled summer -> winter model: a variant that
 * computes the same but is a different file, and the broken kinds a deployment must refuse.
 */
public final class TestModels {
  public static final Path BUNDLED = Path.of("..", "models", "summer2winter", "1");

  private TestModels() {}

  /**
   * The bundled model with {@code tag} appended as the ONNX model's doc_string (protobuf field 6: a
   * later value of a field wins, so the file stays valid and computes the same) and its card's
   * sha256 and metrics updated: a new version of the same model, as an export folder.
   */
  /**
   * Metrics {@code dB} above the bundled model's PSNR and {@code ssim} above its SSIM (negative:
   * below), so a variant passes or fails the quality gate whatever the bundled model scores.
   */
  public static Map<String, Double> bundledPlus(double dB, double ssim) throws IOException {
    Map<String, Double> m = ModelFolder.open(BUNDLED).card().metrics();
    return Map.of("psnr", m.get("psnr") + dB, "ssim", m.get("ssim") + ssim);
  }

  public static Path variant(Path dir, String tag, Map<String, Double> metrics) throws IOException {
    byte[] onnx = Files.readAllBytes(BUNDLED.resolve(ModelFolder.MODEL_FILE));
    byte[] text = tag.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(onnx);
    b.write(0x32); // field 6, length-delimited
    b.write(text.length); // tags here are short: one varint byte
    b.write(text);
    return write(dir, b.toByteArray(), metrics, true);
  }

  /** The bundled model with its input renamed from {@code image} to {@code imagf}. */
  public static Path wrongInputName(Path dir) throws IOException {
    byte[] onnx = Files.readAllBytes(BUNDLED.resolve(ModelFolder.MODEL_FILE));
    byte[] from = "image".getBytes(StandardCharsets.US_ASCII);
    int replaced = 0;
    for (int i = 0; i + from.length <= onnx.length; i++) {
      if (Arrays.equals(onnx, i, i + from.length, from, 0, from.length)) {
        onnx[i + 4] = 'f';
        replaced++;
      }
    }
    if (replaced == 0) {
      throw new IllegalStateException("the bundled model has no 'image' name to rename");
    }
    return write(dir, onnx, null, true);
  }

  /** The first half of the bundled model's bytes, with a card that matches them. */
  public static Path corrupt(Path dir) throws IOException {
    byte[] onnx = Files.readAllBytes(BUNDLED.resolve(ModelFolder.MODEL_FILE));
    return write(dir, Arrays.copyOf(onnx, onnx.length / 2), null, true);
  }

  /**
   * A model that loads and fits the contract but throws at warm-up: the bundled Pix2Pix U-Net
   * (depth 6, needs multiples of 64) under a card that says multiples of 4, so the 32x32 test
   * translation shrinks to nothing inside the network.
   */
  public static Path throwsAtWarmUp(Path dir) throws IOException {
    byte[] onnx =
        Files.readAllBytes(Path.of("..", "models", "edges2scene", "1", ModelFolder.MODEL_FILE));
    return write(dir, onnx, null, true);
  }

  /** A valid variant whose card holds a wrong sha256. */
  public static Path wrongSha(Path dir) throws IOException {
    Path p = variant(dir, "wrong-sha", null);
    ModelCard card = ModelCards.read(p.resolve(ModelCards.FILE_NAME));
    ModelCards.write(card.withSha256("0".repeat(64)), p.resolve(ModelCards.FILE_NAME));
    return p;
  }

  private static Path write(Path dir, byte[] onnx, Map<String, Double> metrics, boolean fixSha)
      throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(ModelFolder.MODEL_FILE), onnx);
    ModelCard card = ModelCards.read(BUNDLED.resolve(ModelCards.FILE_NAME));
    if (fixSha) {
      card = card.withSha256(Sha256.of(dir.resolve(ModelFolder.MODEL_FILE)));
    }
    if (metrics != null) {
      card = card.withMetrics(metrics);
    }
    ModelCards.write(card, dir.resolve(ModelCards.FILE_NAME));
    return dir;
  }

  /** Copies the bundled model into a fresh repository as {@code summer2winter/1}. */
  public static Path repository(Path root) throws IOException {
    Path v1 = root.resolve("summer2winter").resolve("1");
    Files.createDirectories(v1);
    for (String f : new String[] {ModelFolder.MODEL_FILE, ModelCards.FILE_NAME}) {
      Files.copy(BUNDLED.resolve(f), v1.resolve(f));
    }
    return root;
  }
}
