package dev.i2i.trainer.cli;

import dev.i2i.trainer.export.Exporter;
import dev.i2i.trainer.train.TrainingLoop;
import dev.i2i.trainer.train.TrainingReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2i export}: both generators of a run to ONNX, parity-checked. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Export a run's generators to ONNX + card (OUT/NAME/VERSION/), "
            + "refusing unless ONNX Runtime reproduces the trainer's output within 1e-4.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "Training run folder.")
  Path run;

  @Option(names = "--out", required = true, description = "Model repository folder.")
  Path out;

  @Option(
      names = "--version",
      description =
          "Version to write (default: the next free one). An existing version is never"
              + " overwritten.")
  Integer version;

  @Option(
      names = "--last-weights",
      description =
          "Export the weights of the run's last step even if it kept a weight average"
              + " (--average-decay).")
  boolean lastWeights;

  @Override
  public Integer call() throws Exception {
    if (version != null && version < 1) {
      throw new IllegalArgumentException("--version must be a positive integer, got " + version);
    }
    int v = version == null ? 0 : version;
    List<Exporter.Exported> done =
        TrainingLoop.procedure(run).equals("pix2pix")
            ? List.of(Exporter.exportPix2Pix(run, out, v, !lastWeights, System.out))
            : Exporter.exportCycleGan(run, out, v, !lastWeights, System.out);
    for (Exporter.Exported e : done) {
      TrainingReport.addExport(run, e.folder());
    }
    System.out.println("report: " + TrainingReport.write(run));
    return 0;
  }
}
