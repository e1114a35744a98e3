package dev.i2i.streamer.cli;

import dev.i2i.runtime.ModelRepository;
import dev.i2i.schemas.ModelCard;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code i2i models list}: every version in the repository, its quality and what is live. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Inspect the model repository.",
    subcommands = {ModelsCommand.ListCommand.class})
final class ModelsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Names, versions, direction, evaluation metrics and status (live, canary, previous, "
              + "retired) as announced on the models topic.")
  static final class ListCommand implements Callable<Integer> {
    @Mixin RepositoryOptions repo;

    @Override
    public Integer call() throws Exception {
      ModelRepository r = repo.repository();
      Map<String, ModelDeployment> state;
      String note = "";
      try {
        state = repo.topic().readAll(Duration.ofSeconds(15));
      } catch (Exception e) {
        state = Map.of();
        note =
            "(models topic not readable at "
                + repo.kafka.bootstrapServers
                + ": "
                + e.getMessage()
                + "; status shows the repository's view)\n";
      }
      System.out.printf(
          "%-16s %3s  %-9s %-20s %5s %7s %6s %7s  %s%n",
          "MODEL", "V", "KIND", "DIRECTION", "SIZE", "PSNR", "SSIM", "L1", "STATUS");
      for (String name : r.names()) {
        var versions = r.versions(name);
        for (int v : versions) {
          String status = status(state.get(name), v, versions.get(versions.size() - 1));
          try {
            ModelCard c = r.open(name, v).card();
            Map<String, Double> m = c.metrics();
            System.out.printf(
                "%-16s %3d  %-9s %-20s %5d %7s %6s %7s  %s%n",
                name,
                v,
                c.kind().toString().toLowerCase(),
                c.sourceDomain() + " -> " + c.targetDomain(),
                c.trainedResolution(),
                metric(m, "psnr", "%.2f"),
                metric(m, "ssim", "%.3f"),
                metric(m, m.containsKey("l1") ? "l1" : "cycle_l1", "%.4f"),
                status);
          } catch (IOException e) {
            System.out.printf("%-16s %3d  BROKEN: %s%n", name, v, e.getMessage());
          }
        }
      }
      System.out.print(note);
      return 0;
    }

    private static String status(ModelDeployment d, int v, int highest) {
      if (d == null) {
        return v == highest ? "live (highest version, never deployed)" : "";
      }
      if (d.getLive() != null && d.getLive().getVersion() == v) {
        return d.getCanary() == null ? "live" : "live (" + (100 - d.getCanaryPercent()) + "%)";
      }
      if (d.getCanary() != null && d.getCanary().getVersion() == v) {
        return "canary (" + d.getCanaryPercent() + "%)";
      }
      if (d.getRetired().contains(v)) {
        return "retired";
      }
      for (ModelVersionRef p : d.getPrevious()) {
        if (p.getVersion() == v) {
          return "previous";
        }
      }
      return "";
    }

    private static String metric(Map<String, Double> m, String key, String format) {
      Double v = m.get(key);
      return v == null ? "-" : String.format(format, v);
    }
  }
}
