package dev.i2i.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.trainer.nn.Upsampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each option is defined once: flags, options.json and the rendered command agree. */
class TrainOptionsTest {
  @TempDir Path tmp;

  /** The command a run renders parses back into the same options, defaults included. */
  @Test
  void theRenderedCommandParsesBackIntoTheSameOptions() throws Exception {
    CycleGanOptions o =
        TrainOptions.parse(
            new CycleGanOptions(),
            "--data",
            "d",
            "--run",
            "r",
            "--generator",
            "UNET_5",
            "--gan-mode",
            "vanilla",
            "--no-flip",
            "--lr",
            "1e-4",
            "--lambda-identity",
            "0",
            "--upsampling",
            "RESIZE",
            "--crop-size",
            "64",
            "--load-size",
            "72",
            "--seed",
            "9",
            "--save-every",
            "7");
    assertEquals("unet_5", o.generator, "the generator's own spelling");
    assertNull(o.blocks);
    String line = o.command("d");
    assertTrue(line.startsWith("i2i train cyclegan --data d --run runs/r "), line);
    assertTrue(line.contains(" --no-flip"), line);
    assertTrue(line.contains(" --gan-mode vanilla"), line);
    assertFalse(line.contains("--save-every"), "how a run reports is not part of its recipe");
    CycleGanOptions back = TrainOptions.parse(new CycleGanOptions(), args(line));
    back.saveEvery = o.saveEvery;
    assertEquals(json(o), json(back));

    Pix2PixOptions p =
        TrainOptions.parse(
            new Pix2PixOptions(),
            "--data",
            "d",
            "--run",
            "r",
            "--direction",
            "BtoA",
            "--generator",
            "resnet_6blocks",
            "--crop-size",
            "64",
            "--load-size",
            "64");
    Pix2PixOptions pBack = TrainOptions.parse(new Pix2PixOptions(), args(p.command("d")));
    assertEquals(json(p), json(pBack));
    assertFalse(pBack.aToB());
  }

  /** options.json of runs made before the options were one class still read, as they were. */
  @Test
  void optionsWrittenByEarlierVersionsReadAsTheyWereTrained() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(
        run.resolve(TrainingLoop.OPTIONS_FILE),
        "{\"data\":\"d\",\"run\":\"r\",\"generator\":\"RESNET_6BLOCKS\",\"ngf\":4,\"blocks\":1,"
            + "\"ndf\":4,\"nLayersD\":3,\"loadSize\":32,\"cropSize\":32,\"flip\":true,"
            + "\"batchSize\":1,\"nEpochs\":1,\"nEpochsDecay\":1,\"lr\":2.0E-4,\"beta1\":0.5,"
            + "\"lambdaA\":10.0,\"lambdaB\":10.0,\"lambdaIdentity\":0.5,\"poolSize\":50,"
            + "\"seed\":3,\"sampleEvery\":0,\"saveEvery\":500,\"printEvery\":10,\"maxSteps\":6}");
    CycleGanOptions c = CycleGanTrainer.readOptions(run);
    assertEquals(Upsampling.DECONV, c.upsampling, "runs before --upsampling used deconv");
    assertEquals(GanLoss.LSGAN, c.ganMode);
    assertEquals("resnet_6blocks", c.generator);
    assertEquals("cyclegan", TrainingLoop.procedure(run));
    assertEquals(0, c.averageDecay, "runs before --average-decay kept no average");
    assertEquals(0.999, new CycleGanOptions().averageDecay, "new CycleGAN runs keep one");
    assertEquals(0, c.nLayersD2, "runs before --n-layers-d2 had one critic per domain");

    Path p2p = Files.createDirectories(tmp.resolve("old-p2p"));
    Files.writeString(
        p2p.resolve(TrainingLoop.OPTIONS_FILE),
        "{\"procedure\":\"pix2pix\",\"data\":\"d\",\"run\":\"r\",\"generator\":\"unet_6\","
            + "\"ngf\":16,\"upsampling\":\"TRANSPOSED\",\"ndf\":16,\"nLayersD\":3,"
            + "\"loadSize\":72,\"cropSize\":64,\"flip\":true,\"direction\":\"AtoB\","
            + "\"ganMode\":\"vanilla\",\"lambdaL1\":100.0,\"batchSize\":1,\"nEpochs\":1,"
            + "\"nEpochsDecay\":1,\"lr\":2.0E-4,\"beta1\":0.5,\"seed\":7,\"sampleEvery\":0,"
            + "\"saveEvery\":400,\"printEvery\":100,\"maxSteps\":800}");
    Pix2PixOptions p = Pix2PixTrainer.readOptions(p2p);
    assertEquals(GanLoss.VANILLA, p.ganMode);
    assertTrue(p.aToB());
    assertEquals("pix2pix", TrainingLoop.procedure(p2p));
    assertEquals(0, new Pix2PixOptions().averageDecay, "off for Pix2Pix: it scored lower");
    assertTrue(p.command("d").contains("--generator unet_6 "), p.command("d"));
  }

  @Test
  void inconsistentSettingsAreRefusedWithTheFlagToChange() {
    assertEquals(
        "--crop-size 30 must be a multiple of 4 for resnet_9blocks",
        refused(new CycleGanOptions(), "--crop-size", "30", "--load-size", "30"));
    assertTrue(
        refused(new Pix2PixOptions(), "--generator", "unet_9x")
            .startsWith("unknown generator 'unet_9x', expected one of"));
    assertEquals(
        "--gan-mode vanilla_lsgan is CycleGAN's; Pix2Pix trains with vanilla or lsgan",
        refused(new Pix2PixOptions(), "--gan-mode", "vanilla_lsgan"));
    assertEquals(
        "--n-layers-d2 must be between 0 (none) and 5",
        refused(new CycleGanOptions(), "--n-layers-d2", "6"));
    assertEquals(
        "--n-layers-d2 4 needs --crop-size 48 or more (got 32); at this size use at most"
            + " --n-layers-d2 3",
        refused(
            new CycleGanOptions(), "--load-size", "32", "--crop-size", "32", "--n-layers-d2", "4"));
    assertEquals(
        "--n-layers-d 3 needs --crop-size 24 or more (got 16); at this size use at most"
            + " --n-layers-d 2",
        refused(
            new Pix2PixOptions(),
            "--generator",
            "unet_4",
            "--load-size",
            "16",
            "--crop-size",
            "16"));
  }

  /** The message {@code --data d --run r ARGS} is refused with. */
  private static String refused(TrainOptions into, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(new String[] {"--data", "d", "--run", "r"}, 0, all, 0, 4);
    System.arraycopy(args, 0, all, 4, args.length);
    return assertThrows(IllegalArgumentException.class, () -> TrainOptions.parse(into, all))
        .getMessage();
  }

  private static String[] args(String command) {
    String[] words = command.split(" ");
    return Arrays.copyOfRange(words, 3, words.length); // after "i2i train PROCEDURE"
  }

  private static String json(TrainOptions o) throws Exception {
    return TrainingLoop.JSON.writeValueAsString(o).replace("runs/", "");
  }
}
