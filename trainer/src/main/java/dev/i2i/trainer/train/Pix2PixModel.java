package dev.i2i.trainer.train;

import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.nn.Params;
import dev.i2i.trainer.nn.PatchDiscriminator;
import dev.i2i.trainer.nn.SameDiffOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pix2Pix (Isola et al. 2017) as in the reference code: a U-Net generator G (batch norm, dropout),
 * a conditional PatchGAN D on the (input, output) pair, GAN loss (vanilla on logits, or least
 * squares) plus lambda * L1 to the target, Adam for G and D. Three SameDiff graphs share the
 * parameter arrays: G's training graph (batch statistics, dropout masks fed from the trainer's
 * random state so a resumed run is exact), D's, and G's inference graph (running statistics, no
 * dropout) that samples, evaluation and the export's parity check use ({@link BatchNormTracker}
 * keeps the running statistics).
 */
public final class Pix2PixModel implements GanModel {
  public static final String G = "G";
  public static final String D = "D";

  private final Pix2PixOptions opt;
  private final Generator spec;
  private final Params params = new Params();
  private final SameDiff sdG = SameDiff.create();
  private final SameDiff sdD = SameDiff.create();
  private final SameDiff sdInfer = SameDiff.create();
  private final BatchNormTracker batchNorm;
  private final List<SameDiffOps.DropoutMask> masks;
  private final List<String> genNames;
  private final List<String> discNames;
  private final Adam adamG;
  private final Adam adamD;

  public Pix2PixModel(Pix2PixOptions opt) {
    this.opt = opt;
    this.spec = opt.generator();
    Nd4j.getRandom().setSeed(opt.seed);
    SameDiffOps opsG = buildGeneratorGraph();
    masks = opsG.dropoutMasks();
    buildDiscriminatorGraph();
    boolean large = Gradients.worthFreeing(opt.batchSize, opt.ngf, opt.cropSize);
    Gradients.freeAsYouGo(sdG, large);
    Gradients.freeAsYouGo(sdD, large);
    SDVariable in = image(sdInfer, "real_A");
    sdInfer.identity("fake_B", spec.build(new SameDiffOps(sdInfer, params, false), in, G));
    batchNorm = new BatchNormTracker(params, opsG.batchStats());
    genNames = params.trainableWithPrefix(G + "/");
    discNames = params.trainableWithPrefix(D + "/");
    adamG = new Adam(opt.beta1);
    adamD = new Adam(opt.beta1);
  }

  private SDVariable discriminator(SameDiffOps ops, SDVariable input, SDVariable output) {
    return PatchDiscriminator.build(ops, ops.concat(input, output), 6, opt.ndf, opt.nLayersD, D);
  }

  private SameDiffOps buildGeneratorGraph() {
    SameDiffOps ops = new SameDiffOps(sdG, params, true);
    SDVariable realA = image(sdG, "real_A");
    SDVariable realB = image(sdG, "real_B");
    SDVariable fakeB = sdG.identity("fake_B", spec.build(ops, realA, G));
    // G wants D to call its (input, output) pair real, and its output close to the target.
    SDVariable gan = sdG.identity("G_GAN", gan(discriminator(ops, realA, fakeB), true));
    SDVariable l1 = sdG.identity("G_L1", sdG.math().abs(fakeB.sub(realB)).mean().mul(opt.lambdaL1));
    sdG.identity("loss_G", gan.add(l1));
    sdG.setLossVariables("loss_G");
    return ops;
  }

  private void buildDiscriminatorGraph() {
    SameDiffOps ops = new SameDiffOps(sdD, params, true);
    SDVariable realA = image(sdD, "real_A");
    SDVariable realB = image(sdD, "real_B");
    SDVariable fakeB = image(sdD, "fake_B");
    SDVariable real = sdD.identity("D_real", gan(discriminator(ops, realA, realB), true));
    SDVariable fake = sdD.identity("D_fake", gan(discriminator(ops, realA, fakeB), false));
    sdD.identity("loss_D", real.add(fake).mul(0.5)); // halved, as the reference
    sdD.setLossVariables("loss_D");
  }

  /** The GAN loss of D's logits against "real" or "fake", in the run's mode. */
  private SDVariable gan(SDVariable logits, boolean real) {
    return opt.ganMode.of(logits, real);
  }

  private static SDVariable image(SameDiff sd, String name) {
    return sd.placeHolder(name, Nd4j.defaultFloatingPointType(), -1, 3, -1, -1);
  }

  @Override
  public Losses step(INDArray[] batch, double lr, Rng rng) {
    INDArray realA = batch[0];
    INDArray realB = batch[1];
    Map<String, INDArray> feeds = generatorFeeds(realA, realB, rng);
    List<String> outputs = new ArrayList<>(List.of("G_GAN", "G_L1", "fake_B"));
    outputs.addAll(batchNorm.outputs());
    OutAndGrad g = Gradients.compute(sdG, feeds, outputs, genNames);
    adamG.step(params.asMap(), g.getGradients(), genNames, lr);
    Gradients.free(g.getGradients());
    Map<String, INDArray> out = g.getOutputs();
    batchNorm.follow(out);
    OutAndGrad d =
        Gradients.compute(
            sdD,
            Map.of("real_A", realA, "real_B", realB, "fake_B", out.get("fake_B")),
            List.of("D_real", "D_fake"),
            discNames);
    adamD.step(params.asMap(), d.getGradients(), discNames, lr);
    Gradients.free(d.getGradients());
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("G_GAN", out.get("G_GAN").getDouble(0));
    v.put("G_L1", out.get("G_L1").getDouble(0));
    v.put("D_real", d.getOutputs().get("D_real").getDouble(0));
    v.put("D_fake", d.getOutputs().get("D_fake").getDouble(0));
    return new Losses(v);
  }

  /** The generator graph's inputs: both images and a fresh dropout mask per dropout layer. */
  public Map<String, INDArray> generatorFeeds(INDArray realA, INDArray realB, Rng rng) {
    Map<String, INDArray> feeds = new HashMap<>(Map.of("real_A", realA, "real_B", realB));
    for (SameDiffOps.DropoutMask m : masks) {
      feeds.put(m.mask(), mask(realA.shape(), m, rng));
    }
    return feeds;
  }

  /** d loss_G / d every generator parameter, without updating anything. */
  public Map<String, INDArray> generatorGradients(Map<String, INDArray> feeds) {
    return Gradients.compute(sdG, feeds, List.of(), genNames).getGradients();
  }

  public double generatorLoss(Map<String, INDArray> feeds) {
    return sdG.output(feeds, "loss_G").get("loss_G").getDouble(0);
  }

  /** d loss_D / d every discriminator parameter, without updating anything. */
  public Map<String, INDArray> discriminatorGradients(
      INDArray realA, INDArray realB, INDArray fakeB) {
    return Gradients.compute(
            sdD, Map.of("real_A", realA, "real_B", realB, "fake_B", fakeB), List.of(), discNames)
        .getGradients();
  }

  public double discriminatorLoss(INDArray realA, INDArray realB, INDArray fakeB) {
    return sdD.output(Map.of("real_A", realA, "real_B", realB, "fake_B", fakeB), "loss_D")
        .get("loss_D")
        .getDouble(0);
  }

  @Override
  public List<String> generatorParamNames() {
    return genNames;
  }

  public List<String> discriminatorParamNames() {
    return discNames;
  }

  /** Keeps each element with probability 0.5 and doubles it, from the trainer's random state. */
  private static INDArray mask(long[] inputShape, SameDiffOps.DropoutMask m, Rng rng) {
    long n = inputShape[0];
    long h = inputShape[2] / m.downscale();
    long w = inputShape[3] / m.downscale();
    float[] v = new float[(int) (n * m.channels() * h * w)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextDouble() < 0.5 ? 0f : 2f;
    }
    return Nd4j.create(v, new long[] {n, m.channels(), h, w})
        .castTo(Nd4j.defaultFloatingPointType());
  }

  /** G in inference mode (running statistics, no dropout): what the exported model computes. */
  public INDArray translate(INDArray input) {
    return sdInfer.outputSingle(Map.of("real_A", input), "fake_B");
  }

  /** input | output | target, one row per fixed test pair. */
  @Override
  public void writeSamples(INDArray[] fixed, Path dir, String name) throws IOException {
    SampleGrid.write(List.of(fixed[0], translate(fixed[0]), fixed[1]), dir.resolve(name + ".png"));
  }

  @Override
  public Map<String, SameDiff> trainingGraphs() {
    return Map.of("generator", sdG, "discriminator", sdD);
  }

  @Override
  public Params params() {
    return params;
  }

  @Override
  public Map<String, Adam> optimizers() {
    return GanModel.generatorAndDiscriminator(adamG, adamD);
  }

  @Override
  public Map<String, ImagePool> pools() {
    return Map.of();
  }

  @Override
  public long generatorParameters() {
    long n = 0;
    for (String name : genNames) {
      n += params.get(name).length();
    }
    return n;
  }

  public Generator generator() {
    return spec;
  }
}
