package dev.i2i.trainer.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/** Builds networks into a SameDiff graph whose variables are the shared {@link Params} arrays. */
public final class SameDiffOps implements GraphOps<SDVariable> {
  static final double EPS = 1e-5;

  /**
   * A batch-norm layer in a training graph: the graph outputs its batch statistics under these
   * names, and the trainer folds them into the running statistics after each step.
   */
  public record BatchStats(String layer, String meanOutput, String varOutput) {}

  /** A dropout layer in a training graph: its mask is fed to the placeholder {@code mask}. */
  public record DropoutMask(String mask, int channels, int downscale) {}

  private final SameDiff sd;
  private final Params params;
  private final boolean training;
  private final Map<String, SDVariable> vars = new HashMap<>();
  private final List<BatchStats> batchStats = new ArrayList<>();
  private final List<DropoutMask> masks = new ArrayList<>();

  /** A training graph: batch norm uses batch statistics, dropout masks are placeholders. */
  public SameDiffOps(SameDiff sd, Params params) {
    this(sd, params, true);
  }

  /**
   * @param training false builds the inference graph: batch norm with running statistics, no
   *     dropout
   */
  public SameDiffOps(SameDiff sd, Params params, boolean training) {
    this.sd = sd;
    this.params = params;
    this.training = training;
  }

  public List<BatchStats> batchStats() {
    return batchStats;
  }

  public List<DropoutMask> dropoutMasks() {
    return masks;
  }

  public SameDiff sameDiff() {
    return sd;
  }

  private SDVariable var(String name, long... shape) {
    return vars.computeIfAbsent(name, n -> sd.var(n, params.getOrCreate(n, shape)));
  }

  @Override
  public SDVariable conv(SDVariable x, String name, int in, int out, int k, int stride, int pad) {
    // Weights in YXIO ([kH,kW,in,out]): the layout whose conv2d_bp is right in this release.
    SDVariable w = var(name + "/W", k, k, in, out);
    SDVariable b = var(name + "/b", out);
    Conv2DConfig cfg =
        Conv2DConfig.builder()
            .kH(k)
            .kW(k)
            .sH(stride)
            .sW(stride)
            .pH(pad)
            .pW(pad)
            .dH(1)
            .dW(1)
            .paddingMode(PaddingMode.VALID)
            .dataFormat("NCHW")
            .weightsFormat(WeightsFormat.YXIO)
            .build();
    return sd.cnn().conv2d(x, w, b, cfg);
  }

  @Override
  public SDVariable deconv(SDVariable x, String name, int in, int out, boolean aligned) {
    // Transposed-conv weights are [kH,kW,out,in]. The full (VALID) output has 2H+1 rows; SAME mode
    // keeps the first 2H (the legacy alignment), the reference keeps the last 2H.
    SDVariable w = var(name + "/W", 3, 3, out, in);
    SDVariable b = var(name + "/b", out);
    DeConv2DConfig cfg =
        DeConv2DConfig.builder()
            .kH(3)
            .kW(3)
            .sH(2)
            .sW(2)
            .pH(0)
            .pW(0)
            .dH(1)
            .dW(1)
            .isSameMode(!aligned)
            .dataFormat("NCHW")
            .build();
    SDVariable y = sd.cnn().deconv2d(x, w, b, cfg);
    if (!aligned) {
      return y;
    }
    // Drop the first row and column; the size is dynamic, so the slice is computed from it.
    SDVariable begin = sd.constant(org.nd4j.linalg.factory.Nd4j.createFromArray(0L, 0L, 1L, 1L));
    SDVariable size = y.shape().castTo(org.nd4j.linalg.api.buffer.DataType.LONG).sub(begin);
    return sd.slice(y, begin, size);
  }

  @Override
  public SDVariable upsample(SDVariable x) {
    return sd.cnn().upsampling2d(x, 2, 2, true);
  }

  @Override
  public SDVariable reflectPad(SDVariable x, int pad) {
    // Built from single-row/column slices and concat: the native reflect Pad op has a wrong
    // gradient in this release, and slices keep any H and W.
    return reflectAxis(reflectAxis(x, 2, pad), 3, pad);
  }

  private SDVariable reflectAxis(SDVariable x, int axis, int pad) {
    SDVariable[] parts = new SDVariable[2 * pad + 1];
    for (int i = 0; i < pad; i++) {
      parts[i] = slice(x, axis, pad - i, pad - i + 1); // rows pad .. 1
      parts[pad + 1 + i] = slice(x, axis, -2 - i, -1 - i); // rows H-2 .. H-1-pad
    }
    parts[pad] = x;
    return sd.concat(axis, parts);
  }

  private static SDVariable slice(SDVariable x, int axis, int from, int to) {
    SDIndex all = SDIndex.all();
    SDIndex range = SDIndex.interval(from, to);
    return axis == 2 ? x.get(all, all, range, all) : x.get(all, all, all, range);
  }

  @Override
  public SDVariable instanceNorm(SDVariable x, int channels) {
    SDVariable mean = x.mean(true, 2, 3);
    SDVariable centered = x.sub(mean);
    SDVariable variance = centered.mul(centered).mean(true, 2, 3);
    return centered.div(sd.math().sqrt(variance.add(EPS)));
  }

  @Override
  public SDVariable relu(SDVariable x) {
    return sd.nn().relu(x, 0);
  }

  @Override
  public SDVariable leakyRelu(SDVariable x, double alpha) {
    return sd.nn().leakyRelu(x, alpha);
  }

  @Override
  public SDVariable tanh(SDVariable x) {
    return sd.math().tanh(x);
  }

  @Override
  public SDVariable add(SDVariable a, SDVariable b) {
    return a.add(b);
  }

  @Override
  public SDVariable concat(SDVariable a, SDVariable b) {
    return sd.concat(1, a, b);
  }

  @Override
  public SDVariable batchNorm(SDVariable x, String name, int channels) {
    SDVariable gamma = var(name + "/gamma", channels).reshape(1, channels, 1, 1);
    SDVariable beta = var(name + "/beta", channels).reshape(1, channels, 1, 1);
    SDVariable mean;
    SDVariable variance;
    if (training) {
      mean = x.mean(true, 0, 2, 3);
      SDVariable centered = x.sub(mean);
      variance = centered.mul(centered).mean(true, 0, 2, 3);
      // A generator applied several times in one graph (CycleGAN) gets one pair per application.
      String m = sd.identity(unique(name + "/batch_mean"), mean).name();
      String v = sd.identity(unique(name + "/batch_var"), variance).name();
      batchStats.add(new BatchStats(name, m, v));
    } else {
      mean = var(name + Params.RUNNING_MEAN, channels).reshape(1, channels, 1, 1);
      variance = var(name + Params.RUNNING_VAR, channels).reshape(1, channels, 1, 1);
    }
    SDVariable normalized = x.sub(mean).div(sd.math().sqrt(variance.add(EPS)));
    return normalized.mul(gamma).add(beta);
  }

  private String unique(String base) {
    String n = base;
    for (int i = 1; sd.hasVariable(n); i++) {
      n = base + "_" + i;
    }
    return n;
  }

  @Override
  public SDVariable dropout(SDVariable x, String name, int channels, int downscale) {
    if (!training) {
      return x;
    }
    String mask = unique(name + "/mask");
    masks.add(new DropoutMask(mask, channels, downscale));
    return x.mul(
        sd.placeHolder(
            mask, org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType(), -1, channels, -1, -1));
  }
}
