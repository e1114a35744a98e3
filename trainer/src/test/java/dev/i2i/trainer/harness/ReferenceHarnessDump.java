package dev.i2i.trainer.harness;

import dev.i2i.trainer.data.Preprocess;
import dev.i2i.trainer.data.Rng;
import dev.i2i.trainer.data.SeasonDataset;
import dev.i2i.trainer.data.UnpairedDataset;
import dev.i2i.trainer.train.CycleGanModel;
import dev.i2i.trainer.train.CycleGanOptions;
import dev.i2i.trainer.train.Losses;
import dev.i2i.trainer.train.TrainOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The i2i half of the side-by-side with PyTorch (scripts/reference-harness): writes a CycleGAN's
 * initial weights, the batches of its first steps, each step's losses and the weights after the
 * first and last step, for {@code scripts/reference-harness/compare.py} to replay in PyTorch. Not
 * part of the test run: {@code -Di2i.harness=DIR} turns it on.
 */
@EnabledIfSystemProperty(named = "i2i.harness", matches = ".+")
class ReferenceHarnessDump {
  @Test
  void dump() throws IOException {
    Path out = Path.of(System.getProperty("i2i.harness"));
    int steps = Integer.getInteger("i2i.harness.steps", 20);
    String up = System.getProperty("i2i.harness.upsampling", "DECONV");
    Path data = out.resolve("data");
    if (!Files.exists(data.resolve("trainA"))) {
      SeasonDataset.write(data, 64, 40, 4, 1, n -> {});
    }
    CycleGanOptions opt =
        TrainOptions.parse(
            new CycleGanOptions(),
            "--data",
            data.toString(),
            "--run",
            out.resolve("run").toString(),
            "--generator",
            "resnet_6blocks",
            "--gan-mode",
            "lsgan", // the reference's, which compare.py replays
            "--blocks",
            "4",
            "--ngf",
            "16",
            "--ndf",
            "16",
            "--upsampling",
            up,
            "--load-size",
            "64",
            "--crop-size",
            "64",
            "--n-epochs",
            "3",
            "--n-epochs-decay",
            "3",
            "--seed",
            "7",
            "--sample-every",
            "0",
            "--save-every",
            "1000",
            "--print-every",
            "1000",
            "--max-steps",
            "" + steps);
    CycleGanModel model = new CycleGanModel(opt);
    UnpairedDataset dataset = new UnpairedDataset(data, new Preprocess(64, 64, true), 7);
    Files.createDirectories(out.resolve("init"));
    writeAll(model.params().asMap(), out.resolve("init"));
    Rng rng = new Rng(7);
    try (PrintWriter losses = new PrintWriter(Files.newBufferedWriter(out.resolve("losses.csv")))) {
      for (int s = 0; s < steps; s++) {
        INDArray[] batch = dataset.batch(s, 1, rng);
        write(batch[0], out.resolve("batch").resolve(s + "_A"));
        write(batch[1], out.resolve("batch").resolve(s + "_B"));
        Losses l = model.step(batch[0], batch[1], 2e-4, rng);
        if (s == 0) {
          losses.println("step," + String.join(",", l.values().keySet()));
          Files.createDirectories(out.resolve("after1"));
          writeAll(model.params().asMap(), out.resolve("after1"));
        }
        losses.println(
            s + "," + String.join(",", l.values().values().stream().map(String::valueOf).toList()));
      }
    }
    Files.createDirectories(out.resolve("final"));
    writeAll(model.params().asMap(), out.resolve("final"));
  }

  static void writeAll(Map<String, INDArray> params, Path dir) throws IOException {
    try (PrintWriter index = new PrintWriter(Files.newBufferedWriter(dir.resolve("index.txt")))) {
      for (var e : params.entrySet()) {
        String file = e.getKey().replace('/', '.');
        write(e.getValue(), dir.resolve(file));
        index.println(e.getKey() + " " + file + " " + Arrays.toString(e.getValue().shape()));
      }
    }
  }

  /** Raw little-endian float32 in C order, and its shape in NAME.shape. */
  static void write(INDArray a, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    float[] v = a.dup('c').data().asFloat();
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    Files.write(file.resolveSibling(file.getFileName() + ".f32"), b.array());
    Files.writeString(
        file.resolveSibling(file.getFileName() + ".shape"), Arrays.toString(a.shape()));
  }
}
