package dev.i2i.trainer.train;

import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.nn.Params;
import dev.i2i.trainer.nn.PatchDiscriminator;
import dev.i2i.trainer.nn.SameDiffOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CycleGAN (Zhu et al. 2017) as in the reference code. Paper names: G_A is G (A to B), G_B is F (B
 * to A), D_A is D_Y (judges B), D_B is D_X (judges A). Two SameDiff graphs share the parameter
 * arrays: one whose loss is the generators', one the discriminators' (fed the pooled fakes).
 */
public final class CycleGanModel implements GanModel {
  public static final String G_A = "G_A";
  public static final String G_B = "G_B";
  public static final String D_A = "D_A";
  public static final String D_B = "D_B";

  private final CycleGanOptions opt;
  private final Params params = new Params();
  private final SameDiff sdG = SameDiff.create();
  private final SameDiff sdD = SameDiff.create();
  private final List<String> genNames;
  private final List<String> discNames;
  private final Adam adamG;
  private final Adam adamD;
  private final ImagePool fakeAPool;
  private final ImagePool fakeBPool;
  private BatchNormTracker batchNorm;
  private INDArray leastSquaresShare = Nd4j.scalar(Nd4j.defaultFloatingPointType(), 0.0);
  private final List<SameDiff> halves;

  public CycleGanModel(CycleGanOptions opt) {
    this(opt, null);
  }

  /**
   * @param split whether the gradient passes free as they go and the generators' runs as two
   *     halves; null decides by size ({@link Gradients#worthFreeing})
   */
  CycleGanModel(CycleGanOptions opt, Boolean split) {
    this.opt = opt;
    Nd4j.getRandom().setSeed(opt.seed);
    buildGeneratorGraph();
    buildDiscriminatorGraph();
    // Large models free as they go and run the generators' pass as two halves, which costs a
    // third more graph runs, worth it only where memory, not scheduling, limits.
    boolean large =
        split == null ? Gradients.worthFreeing(opt.batchSize, opt.ngf, opt.cropSize) : split;
    if (batchNorm.outputs().isEmpty() && large) {
      halves = List.of(halfGraph(true), halfGraph(false));
      halves.forEach(h -> Gradients.freeAsYouGo(h, true));
    } else { // small images, or batch norm (its running statistics follow the full graph's order)
      halves = List.of();
      Gradients.freeAsYouGo(sdG, large);
    }
    Gradients.freeAsYouGo(sdD, large);
    genNames = concat(params.trainableWithPrefix(G_A + "/"), params.trainableWithPrefix(G_B + "/"));
    discNames =
        concat(params.trainableWithPrefix(D_A + "/"), params.trainableWithPrefix(D_B + "/"));
    adamG = new Adam(opt.beta1);
    adamD = new Adam(opt.beta1);
    fakeAPool = new ImagePool(opt.poolSize);
    fakeBPool = new ImagePool(opt.poolSize);
  }

  private SDVariable generator(SameDiffOps ops, SDVariable x, String name) {
    return opt.generator().build(ops, x, name);
  }

  private SDVariable discriminator(SameDiffOps ops, SDVariable x, String name) {
    return PatchDiscriminator.build(ops, x, 3, opt.ndf, opt.nLayersD, name);
  }

  /**
   * The GAN loss of what domain {@code d}'s critics say of {@code x} against {@code real}: the
   * PatchGAN's and, with {@code --n-layers-d2}, a second one's with that many layers on the same
   * images (named {@code d/deep/...}). The generators get the mean of the two, so the GAN term
   * keeps its weight against the cycle; the critics the sum, so each learns from its own loss.
   */
  private SDVariable gan(SameDiffOps ops, SDVariable x, String d, boolean real, boolean forG) {
    SDVariable loss = opt.ganMode.of(discriminator(ops, x, d), real);
    if (opt.nLayersD2 == 0) {
      return loss;
    }
    SDVariable second =
        opt.ganMode.of(
            PatchDiscriminator.build(ops, x, 3, opt.ndf, opt.nLayersD2, d + "/deep"), real);
    return forG ? loss.add(second).mul(0.5) : loss.add(second);
  }

  private void buildGeneratorGraph() {
    SameDiffOps ops = new SameDiffOps(sdG, params);
    SDVariable lossA = halfCycle(ops, image(sdG, "real_A"), true);
    SDVariable lossB = halfCycle(ops, image(sdG, "real_B"), false);
    sdG.identity("loss_G", lossA.add(lossB));
    sdG.setLossVariables("loss_G");
    batchNorm = new BatchNormTracker(params, ops.batchStats()); // none with instance norm
  }

  /**
   * One half of the generators' loss in a graph of its own, so a step's gradient pass holds the
   * activations of three generator runs at a time instead of six. The loss is a sum over the halves
   * and no parameter changes between them, so the summed gradients are those of the whole.
   */
  private SameDiff halfGraph(boolean fromA) {
    SameDiff sd = SameDiff.create();
    SDVariable loss =
        halfCycle(new SameDiffOps(sd, params), image(sd, fromA ? "real_A" : "real_B"), fromA);
    sd.identity("loss_half", loss);
    sd.setLossVariables("loss_half");
    return sd;
  }

  /**
   * The loss terms that start from one domain. From A: G_A's GAN loss on G(A), the cycle loss
   * ||F(G(A)) - A||_1 * lambda_A and F's identity loss ||F(A) - A||_1 * lambda_A * w; from B the
   * mirror image. Outputs fake_B/rec_A (or fake_A/rec_B) and every loss by its reference name.
   */
  private SDVariable halfCycle(SameDiffOps ops, SDVariable real, boolean fromA) {
    SameDiff sd = ops.sameDiff();
    String g = fromA ? G_A : G_B; // real -> fake
    String f = fromA ? G_B : G_A; // fake -> reconstruction
    String d = fromA ? D_A : D_B; // judges the fakes
    String to = fromA ? "B" : "A";
    String from = fromA ? "A" : "B";
    double lambda = fromA ? opt.lambdaA : opt.lambdaB;
    SDVariable fake = sd.identity("fake_" + to, generator(ops, real, g));
    SDVariable rec = sd.identity("rec_" + from, generator(ops, fake, f));
    // GAN loss: the generator wants D to call its fakes real.
    SDVariable total = sd.identity(g, gan(ops, fake, d, true, true));
    total = total.add(sd.identity("cycle_" + from, l1(rec, real).mul(lambda)));
    if (opt.lambdaIdentity > 0) {
      // Identity: the generator into this domain should leave its images alone.
      SDVariable idt = generator(ops, real, f);
      double w = lambda * opt.lambdaIdentity;
      total = total.add(sd.identity("idt_" + to, l1(idt, real).mul(w)));
    }
    return total;
  }

  private void buildDiscriminatorGraph() {
    SameDiffOps ops = new SameDiffOps(sdD, params);
    SDVariable realA = image(sdD, "real_A");
    SDVariable realB = image(sdD, "real_B");
    SDVariable fakeA = image(sdD, "fake_A");
    SDVariable fakeB = image(sdD, "fake_B");
    // D_A tells real B from G(A); D_B tells real A from F(B); each loss is halved as in the paper.
    SDVariable lossDA =
        gan(ops, realB, D_A, true, false).add(gan(ops, fakeB, D_A, false, false)).mul(0.5);
    SDVariable lossDB =
        gan(ops, realA, D_B, true, false).add(gan(ops, fakeA, D_B, false, false)).mul(0.5);
    sdD.identity("D_A", lossDA);
    sdD.identity("D_B", lossDB);
    sdD.identity("loss_D", lossDA.add(lossDB));
    sdD.setLossVariables("loss_D");
  }

  private static SDVariable image(SameDiff sd, String name) {
    return sd.placeHolder(name, Nd4j.defaultFloatingPointType(), -1, 3, -1, -1);
  }

  private static SDVariable l1(SDVariable a, SDVariable b) {
    return a.getSameDiff().math().abs(a.sub(b)).mean();
  }

  private List<String> generatorLossNames() {
    List<String> names = new ArrayList<>(List.of("G_A", "cycle_A", "G_B", "cycle_B"));
    if (opt.lambdaIdentity > 0) {
      names.addAll(List.of("idt_A", "idt_B"));
    }
    return names;
  }

  @Override
  public Losses step(INDArray[] batch, double lr, Rng rng) {
    return step(batch[0], batch[1], lr, rng);
  }

  /** One full step: generators, then discriminators on pooled fakes; returns every loss. */
  public Losses step(INDArray realA, INDArray realB, double lr, Rng rng) {
    leastSquaresShare(Math.max(0, 1 - lr / opt.lr));
    Map<String, INDArray> fakes = new LinkedHashMap<>();
    Losses g = stepGenerators(realA, realB, lr, fakes);
    INDArray pooledA = fakeAPool.query(fakes.get("fake_A"), rng);
    INDArray pooledB = fakeBPool.query(fakes.get("fake_B"), rng);
    Losses d = stepDiscriminators(realA, realB, pooledA, pooledB, lr);
    return d.plus(g);
  }

  /** Updates G_A and G_B once; puts the fakes made before the update into {@code fakesOut}. */
  public Losses stepGenerators(
      INDArray realA, INDArray realB, double lr, Map<String, INDArray> fakesOut) {
    OutAndGrad og = generatorPass(realA, realB);
    adamG.step(params.asMap(), og.getGradients(), genNames, lr);
    Gradients.free(og.getGradients());
    batchNorm.follow(og.getOutputs());
    fakesOut.put("fake_A", og.getOutputs().get("fake_A"));
    fakesOut.put("fake_B", og.getOutputs().get("fake_B"));
    return lossesOf(og.getOutputs(), generatorLossNames());
  }

  /** Every generator loss, both fakes and d loss_G / d every generator parameter. */
  private OutAndGrad generatorPass(INDArray realA, INDArray realB) {
    List<String> outputs = new ArrayList<>(generatorLossNames());
    outputs.addAll(List.of("fake_A", "fake_B"));
    if (halves.isEmpty()) {
      outputs.addAll(batchNorm.outputs());
      return Gradients.compute(
          sdG, feed(sdG, Map.of("real_A", realA, "real_B", realB)), outputs, genNames);
    }
    OutAndGrad a = half(halves.get(0), "real_A", realA, outputs);
    OutAndGrad b = half(halves.get(1), "real_B", realB, outputs);
    Map<String, INDArray> out = new LinkedHashMap<>(a.getOutputs());
    out.putAll(b.getOutputs());
    Map<String, INDArray> grads = a.getGradients();
    for (String n : genNames) {
      grads.get(n).addi(b.getGradients().get(n));
    }
    Gradients.free(b.getGradients());
    return new OutAndGrad(out, grads);
  }

  private OutAndGrad half(SameDiff sd, String input, INDArray image, List<String> wanted) {
    List<String> outputs = wanted.stream().filter(sd::hasVariable).toList();
    return Gradients.compute(sd, feed(sd, Map.of(input, image)), outputs, genNames);
  }

  /** Updates D_A and D_B once on real images and the given fakes. */
  public Losses stepDiscriminators(
      INDArray realA, INDArray realB, INDArray fakeA, INDArray fakeB, double lr) {
    OutAndGrad og =
        Gradients.compute(
            sdD,
            feed(sdD, Map.of("real_A", realA, "real_B", realB, "fake_A", fakeA, "fake_B", fakeB)),
            List.of("D_A", "D_B"),
            discNames);
    adamD.step(params.asMap(), og.getGradients(), discNames, lr);
    Gradients.free(og.getGradients());
    return lossesOf(og.getOutputs(), List.of("D_A", "D_B"));
  }

  /** d loss_G / d every generator parameter on a batch, without updating anything. */
  public Map<String, INDArray> generatorGradients(INDArray realA, INDArray realB) {
    return generatorPass(realA, realB).getGradients();
  }

  /** d loss_D / d every discriminator parameter, without updating anything. */
  public Map<String, INDArray> discriminatorGradients(
      INDArray realA, INDArray realB, INDArray fakeA, INDArray fakeB) {
    return Gradients.compute(
            sdD,
            feed(sdD, Map.of("real_A", realA, "real_B", realB, "fake_A", fakeA, "fake_B", fakeB)),
            List.of(),
            discNames)
        .getGradients();
  }

  /** The generators' total loss on a batch, without updating anything. */
  public double generatorLoss(INDArray realA, INDArray realB) {
    return sdG.output(feed(sdG, Map.of("real_A", realA, "real_B", realB)), "loss_G")
        .get("loss_G")
        .getDouble(0);
  }

  /** The discriminators' total loss on a batch, without updating anything. */
  public double discriminatorLoss(INDArray realA, INDArray realB, INDArray fakeA, INDArray fakeB) {
    return sdD.output(
            feed(sdD, Map.of("real_A", realA, "real_B", realB, "fake_A", fakeA, "fake_B", fakeB)),
            "loss_D")
        .get("loss_D")
        .getDouble(0);
  }

  /** Runs both generators and both cycles: fake_B, rec_A, fake_A, rec_B. */
  public Map<String, INDArray> translate(INDArray realA, INDArray realB) {
    return sdG.output(
        feed(sdG, Map.of("real_A", realA, "real_B", realB)), "fake_B", "rec_A", "fake_A", "rec_B");
  }

  /** The images, and least squares' share of the GAN loss where {@code sd}'s loss mixes two. */
  private Map<String, INDArray> feed(SameDiff sd, Map<String, INDArray> images) {
    if (!sd.hasVariable(GanLoss.MIX)) {
      return images;
    }
    Map<String, INDArray> m = new LinkedHashMap<>(images);
    m.put(GanLoss.MIX, leastSquaresShare);
    return m;
  }

  /**
   * Least squares' share of a {@link GanLoss#VANILLA_LSGAN} loss from now on: 0 at the full
   * learning rate, rising to 1 as the rate decays to 0. Steps set it from their rate.
   */
  void leastSquaresShare(double w) {
    leastSquaresShare = Nd4j.scalar(Nd4j.defaultFloatingPointType(), w);
  }

  private static Losses lossesOf(Map<String, INDArray> outputs, List<String> names) {
    Map<String, Double> v = new LinkedHashMap<>();
    for (String n : names) {
      v.put(n, outputs.get(n).getDouble(0));
    }
    return new Losses(v);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Override
  public Map<String, SameDiff> trainingGraphs() {
    Map<String, SameDiff> m = new LinkedHashMap<>();
    if (halves.isEmpty()) {
      m.put("generators", sdG);
    } else {
      m.put("generators from A", halves.get(0));
      m.put("generators from B", halves.get(1));
    }
    m.put("discriminators", sdD);
    return m;
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
    Map<String, ImagePool> m = new LinkedHashMap<>();
    m.put("poolA", fakeAPool);
    m.put("poolB", fakeBPool);
    return m;
  }

  @Override
  public long generatorParameters() {
    return params.count(G_A + "/");
  }

  /** realA | fakeB | recA and realB | fakeA | recB, one row per fixed test image. */
  @Override
  public void writeSamples(INDArray[] fixed, java.nio.file.Path dir, String name)
      throws java.io.IOException {
    int n = (int) Math.min(fixed[0].size(0), fixed[1].size(0));
    INDArray a = fixed[0].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
    INDArray b = fixed[1].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
    Map<String, INDArray> out = translate(a, b);
    SampleGrid.write(List.of(a, out.get("fake_B"), out.get("rec_A")), dir.resolve(name + "_A.png"));
    SampleGrid.write(List.of(b, out.get("fake_A"), out.get("rec_B")), dir.resolve(name + "_B.png"));
  }

  public Adam adamG() {
    return adamG;
  }

  public Adam adamD() {
    return adamD;
  }

  public ImagePool fakeAPool() {
    return fakeAPool;
  }

  public ImagePool fakeBPool() {
    return fakeBPool;
  }

  public Generator generator() {
    return opt.generator();
  }

  @Override
  public List<String> generatorParamNames() {
    return genNames;
  }

  public List<String> discriminatorParamNames() {
    return discNames;
  }
}
