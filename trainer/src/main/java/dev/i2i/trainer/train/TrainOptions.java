package dev.i2i.trainer.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.i2i.trainer.nn.Generator;
import dev.i2i.trainer.nn.PatchDiscriminator;
import dev.i2i.trainer.nn.Upsampling;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The settings every training procedure has, each defined once: the field is the picocli flag (its
 * initial value the default), what the training code reads, what {@code options.json} holds and
 * what {@link #command} renders back into the {@code i2i train} line that reproduces a run.
 * Defaults are the reference code's, and a weight average ({@code --average-decay}) that training
 * never reads.
 */
@JsonIgnoreProperties(value = "procedure", allowGetters = true)
public abstract class TrainOptions {
  /** Marks a flag that changes how a run reports, not what it trains: left out of commands. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Reporting {}

  @Option(
      names = "--data",
      required = true,
      description = "Dataset folder (its layout: see above).")
  public String data;

  @Option(
      names = "--run",
      required = true,
      description = "Run folder (resumes if it has a checkpoint).")
  public String run;

  @Option(
      names = "--ngf",
      description = "Channels of the generator's first layer (${DEFAULT-VALUE}).")
  public int ngf = 64;

  @Option(
      names = "--upsampling",
      description =
          "transposed (the reference's transposed conv, aligned as PyTorch's) | resize (nearest +"
              + " conv, no checkerboard artifacts) | deconv (the transposed conv of earlier i2i"
              + " runs, one pixel off per upsampling; kept for them) (${DEFAULT-VALUE}).")
  public Upsampling upsampling = Upsampling.TRANSPOSED;

  @Option(
      names = "--ndf",
      description = "Channels of the discriminator's first layer (${DEFAULT-VALUE}).")
  public int ndf = 64;

  @Option(names = "--n-layers-d", description = "PatchGAN layers, 1-5 (${DEFAULT-VALUE}).")
  public int nLayersD = 3;

  @Option(names = "--load-size", description = "Images are scaled to this (${DEFAULT-VALUE}).")
  public int loadSize = 286;

  @Option(names = "--crop-size", description = "then cropped at random to this (${DEFAULT-VALUE}).")
  public int cropSize = 256;

  @Option(
      names = "--no-flip",
      negatable = true,
      description = "Never flip images (--flip: at random, the default).")
  public boolean flip = true;

  @Option(names = "--batch-size", description = "Images per step (${DEFAULT-VALUE}).")
  public int batchSize = 1;

  @Option(names = "--n-epochs", description = "Epochs at the initial rate (${DEFAULT-VALUE}).")
  public int nEpochs = 100;

  @Option(
      names = "--n-epochs-decay",
      description = "Epochs of linear decay to 0 (${DEFAULT-VALUE}).")
  public int nEpochsDecay = 100;

  @Option(names = "--lr", description = "Adam's initial learning rate (${DEFAULT-VALUE}).")
  public double lr = 0.0002;

  @Option(names = "--beta1", description = "Adam's beta1 (${DEFAULT-VALUE}).")
  public double beta1 = 0.5;

  @Option(
      names = "--average-decay",
      description =
          "Keep a moving average of the generator's weights with this decay per step"
              + " (bias-corrected), and export it; training itself does not change (0: export the"
              + " last step's weights) (${DEFAULT-VALUE}).")
  public double averageDecay = 0.999;

  @Option(
      names = "--seed",
      description = "Seeds weights, data order and augmentation (${DEFAULT-VALUE}).")
  public long seed = 42;

  @Reporting
  @Option(
      names = "--sample-every",
      description = "Sample grid every N steps (0: end only) (${DEFAULT-VALUE}).")
  public int sampleEvery = 200;

  @Reporting
  @Option(
      names = "--save-every",
      description = "Checkpoint every N steps (and at the end) (${DEFAULT-VALUE}).")
  public int saveEvery = 500;

  @Reporting
  @Option(
      names = "--print-every",
      description = "Progress line every N steps when not on a terminal (${DEFAULT-VALUE}).")
  public int printEvery = 10;

  @Option(
      names = "--max-steps",
      description = "Stop after this global step (0: run the schedule) (${DEFAULT-VALUE}).")
  public long maxSteps;

  /** {@code cyclegan} or {@code pix2pix}: the {@code i2i train} subcommand. */
  @JsonProperty("procedure")
  public abstract String procedure();

  /** The generator these options define (the one factory, {@code Generators.define}). */
  public abstract Generator generator();

  /** The GAN loss both the generators and the discriminators train with. */
  public abstract GanLoss ganLoss();

  /** Parses {@code args} as {@code i2i train PROCEDURE} would into {@code into}, and validates. */
  public static <O extends TrainOptions> O parse(O into, String... args) {
    new CommandLine(into).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    into.validate();
    return into;
  }

  /** Refuses inconsistent settings with the flag to change; returns these options. */
  public TrainOptions validate() {
    require(run != null && data != null, "--run and --data are required");
    require(ngf >= 1 && ndf >= 1, "--ngf and --ndf must be at least 1");
    require(upsampling != null, "--upsampling is required");
    require(nLayersD >= 1 && nLayersD <= 5, "--n-layers-d must be between 1 and 5");
    require(cropSize >= 16 && loadSize >= cropSize, "need 16 <= --crop-size <= --load-size");
    requireCritic("--n-layers-d", nLayersD);
    int multiple = generator().inputMultiple(); // also checks the generator's name
    require(
        cropSize % multiple == 0,
        "--crop-size "
            + cropSize
            + " must be a multiple of "
            + multiple
            + " for "
            + generatorName());
    require(batchSize >= 1, "--batch-size must be at least 1");
    require(
        nEpochs >= 0 && nEpochsDecay >= 0 && nEpochs + nEpochsDecay >= 1,
        "--n-epochs + --n-epochs-decay must be at least 1");
    require(lr > 0 && beta1 >= 0 && beta1 < 1, "--lr must be > 0 and --beta1 in [0,1)");
    require(averageDecay >= 0 && averageDecay < 1, "--average-decay must be in [0, 1)");
    require(sampleEvery >= 0 && saveEvery >= 0 && printEvery >= 1, "intervals must be >= 0");
    require(maxSteps >= 0, "--max-steps must be >= 0 (0: no limit)");
    return this;
  }

  /** The {@code --generator} value as the generator spells it. */
  String generatorName() {
    return generator().architecture();
  }

  /** Refuses a discriminator depth the crop size cannot take, with the sizes that can. */
  void requireCritic(String flag, int layers) {
    int smallest = PatchDiscriminator.smallestInput(layers);
    require(
        cropSize >= smallest,
        String.format(
            "%s %d needs --crop-size %d or more (got %d); at this size use at most %s %d",
            flag, layers, smallest, cropSize, flag, maxLayersFor(cropSize)));
  }

  private static int maxLayersFor(int size) {
    int layers = 0;
    while (PatchDiscriminator.smallestInput(layers + 1) <= size) {
      layers++;
    }
    return layers;
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * The {@code i2i train} command that reproduces these options on {@code data}: every option that
   * decides the result, with its value, in declaration order. Values equal to the default are
   * written too, so a later change of a default cannot change what the line means; an on/off flag
   * appears when it turns its default over ({@code --no-flip}).
   */
  public String command(String data) {
    TrainOptions defaults = defaults();
    StringBuilder b = new StringBuilder("i2i train ").append(procedure());
    b.append(" --data ").append(data).append(" --run runs/").append(Path.of(run).getFileName());
    for (OptionSpec o : CommandSpec.forAnnotatedObject(this).options()) {
      Field f = (Field) o.userObject();
      Object v = o.getValue();
      if (v == null || f.isAnnotationPresent(Reporting.class) || o.required()) {
        continue;
      }
      String name = o.longestName();
      if (v instanceof Boolean) { // a flag is given when it turns its default over
        if (!v.equals(valueIn(defaults, f))) {
          b.append(' ').append(name);
        }
      } else {
        b.append(' ').append(name).append(' ').append(render(v));
      }
    }
    return b.toString();
  }

  private TrainOptions defaults() {
    try {
      return getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass() + " needs a public no-argument constructor", e);
    }
  }

  private static Object valueIn(TrainOptions o, Field f) {
    try {
      return f.get(o);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(f + " must be public", e);
    }
  }

  /** Enums by their flag spelling (upper-case constants in lower case), the rest as written. */
  private static String render(Object v) {
    if (v instanceof Enum<?> e) {
      String n = e.name();
      return n.equals(n.toUpperCase(Locale.ROOT)) ? n.toLowerCase(Locale.ROOT) : n;
    }
    return String.valueOf(v);
  }
}
