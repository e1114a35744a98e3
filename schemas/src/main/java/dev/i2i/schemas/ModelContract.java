package dev.i2i.schemas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX generator contract, defined once and checked by whoever writes or serves a model: one
 * input {@value #INPUT}, one output {@value #OUTPUT}, float32 NCHW {@code [N,3,H,W]} in [-1,1],
 * N/H/W dynamic, H and W multiples of the card's {@code inputMultiple}.
 */
public final class ModelContract {
  /** Version tag written into every card so a future contract change can be detected. */
  public static final String VERSION = "i2i-generator/v1";

  public static final String INPUT = "image";
  public static final String OUTPUT = "translated";
  public static final int CHANNELS = 3;
  public static final float MIN_VALUE = -1f;
  public static final float MAX_VALUE = 1f;

  private ModelContract() {}

  /**
   * Checks a model's signature; returns the problems found (empty when it fits). A dimension of -1
   * (or any negative value) means dynamic.
   */
  public static List<String> checkSignature(
      List<String> inputNames,
      long[] inputShape,
      String inputType,
      List<String> outputNames,
      long[] outputShape,
      String outputType) {
    List<String> problems = new ArrayList<>();
    if (!inputNames.equals(List.of(INPUT))) {
      problems.add("inputs are " + inputNames + ", expected exactly [" + INPUT + "]");
    }
    if (!outputNames.equals(List.of(OUTPUT))) {
      problems.add("outputs are " + outputNames + ", expected exactly [" + OUTPUT + "]");
    }
    checkTensor("input", inputShape, inputType, problems);
    checkTensor("output", outputShape, outputType, problems);
    return problems;
  }

  private static void checkTensor(String what, long[] shape, String type, List<String> problems) {
    if (shape == null) {
      return;
    }
    if (!"FLOAT".equalsIgnoreCase(type)) {
      problems.add(what + " type is " + type + ", expected FLOAT (float32)");
    }
    if (shape.length != 4) {
      problems.add(what + " shape is " + Arrays.toString(shape) + ", expected 4 dims [N,3,H,W]");
    } else if (shape[1] != CHANNELS) {
      problems.add(what + " shape is " + Arrays.toString(shape) + ", expected 3 channels in dim 1");
    }
  }

  /** Checks the size of one image tensor against a model's input multiple. */
  public static void requireMultiple(int height, int width, int inputMultiple) {
    if (height % inputMultiple != 0 || width % inputMultiple != 0) {
      throw new IllegalArgumentException(
          "image is "
              + width
              + "x"
              + height
              + ", but the model needs sides that are multiples of "
              + inputMultiple);
    }
  }
}
