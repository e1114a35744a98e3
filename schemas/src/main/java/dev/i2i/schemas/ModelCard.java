package dev.i2i.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The model card: the JSON file beside every {@code model.onnx} that says what the model is, how it
 * was made and how good it is. A model without a valid card whose sha256 matches is never served.
 *
 * @param name model name in the repository, e.g. {@code summer2winter}
 * @param version positive version number in the repository
 * @param kind procedure that trained it
 * @param sourceDomain the domain it translates from, e.g. {@code summer}
 * @param targetDomain the domain it translates to, e.g. {@code winter}
 * @param trainedResolution the crop size it was trained at, in pixels
 * @param inputMultiple H and W of the input must be multiples of this
 * @param sha256 hex sha256 of {@code model.onnx}
 * @param contract the contract version the model follows ({@link ModelContract#VERSION})
 * @param training resolved training options, including the command that reproduces it
 * @param metrics evaluation metrics (name to value), empty until evaluated
 * @param createdAt ISO-8601 creation time
 * @param minInputSize smallest H and W the network runs on (reflection padding needs feature maps
 *     larger than the pad), a multiple of inputMultiple; smaller images are padded up to it. Null
 *     on cards written before it existed: then it is measured when the model loads
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
    String name,
    int version,
    ModelKind kind,
    String sourceDomain,
    String targetDomain,
    int trainedResolution,
    int inputMultiple,
    String sha256,
    String contract,
    Map<String, Object> training,
    Map<String, Double> metrics,
    String createdAt,
    Integer minInputSize) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ModelCard {
    training = training == null ? Map.of() : new LinkedHashMap<>(training);
    metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
  }

  /** Returns every problem with this card (empty when it is valid). */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      p.add("name '" + name + "' must match " + NAME.pattern());
    }
    if (version < 1) {
      p.add("version " + version + " must be a positive integer");
    }
    if (kind == null) {
      p.add("kind is missing, expected one of " + String.join("|", ModelKind.names()));
    }
    if (blank(sourceDomain) || blank(targetDomain)) {
      p.add("sourceDomain and targetDomain must both be set");
    }
    if (trainedResolution < 1) {
      p.add("trainedResolution " + trainedResolution + " must be positive");
    }
    if (inputMultiple < 1 || Integer.bitCount(inputMultiple) != 1) {
      p.add("inputMultiple " + inputMultiple + " must be a positive power of two");
    }
    if (minInputSize != null
        && (minInputSize < 1 || inputMultiple < 1 || minInputSize % inputMultiple != 0)) {
      p.add(
          "minInputSize "
              + minInputSize
              + " must be a positive multiple of inputMultiple "
              + inputMultiple);
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      p.add("sha256 '" + sha256 + "' must be 64 lowercase hex digits");
    }
    if (!ModelContract.VERSION.equals(contract)) {
      p.add("contract '" + contract + "' is not the supported " + ModelContract.VERSION);
    }
    if (createdAt == null) {
      p.add("createdAt is missing");
    } else {
      try {
        Instant.parse(createdAt);
      } catch (RuntimeException e) {
        p.add("createdAt '" + createdAt + "' is not an ISO-8601 instant");
      }
    }
    return p;
  }

  /** Throws {@link IllegalArgumentException} listing every problem, if there is one. */
  public ModelCard validated() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new IllegalArgumentException("invalid model card: " + String.join("; ", p));
    }
    return this;
  }

  public ModelCard withVersion(int newVersion) {
    return new ModelCard(
        name,
        newVersion,
        kind,
        sourceDomain,
        targetDomain,
        trainedResolution,
        inputMultiple,
        sha256,
        contract,
        training,
        metrics,
        createdAt,
        minInputSize);
  }

  public ModelCard withName(String newName) {
    return new ModelCard(
        newName,
        version,
        kind,
        sourceDomain,
        targetDomain,
        trainedResolution,
        inputMultiple,
        sha256,
        contract,
        training,
        metrics,
        createdAt,
        minInputSize);
  }

  public ModelCard withMetrics(Map<String, Double> newMetrics) {
    return new ModelCard(
        name,
        version,
        kind,
        sourceDomain,
        targetDomain,
        trainedResolution,
        inputMultiple,
        sha256,
        contract,
        training,
        newMetrics,
        createdAt,
        minInputSize);
  }

  public ModelCard withSha256(String newSha256) {
    return new ModelCard(
        name,
        version,
        kind,
        sourceDomain,
        targetDomain,
        trainedResolution,
        inputMultiple,
        newSha256,
        contract,
        training,
        metrics,
        createdAt,
        minInputSize);
  }

  public ModelCard withMinInputSize(Integer newMinInputSize) {
    return new ModelCard(
        name,
        version,
        kind,
        sourceDomain,
        targetDomain,
        trainedResolution,
        inputMultiple,
        sha256,
        contract,
        training,
        metrics,
        createdAt,
        newMinInputSize);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
