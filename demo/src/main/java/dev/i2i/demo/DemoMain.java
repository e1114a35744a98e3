package dev.i2i.demo;

import dev.i2i.cli.CliErrors;
import dev.i2i.streamer.cli.StreamerMain;
import picocli.CommandLine;

/**
 * The launcher's streaming commands: the service's own ({@link StreamerMain}) with {@code i2i
 * stream} able to start an embedded broker, plus {@code demo}, {@code broker} and {@code bench
 * stream}, which need one.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = StreamerMain.commandLine();
    cli.getCommandSpec().removeSubcommand("stream");
    cli.addSubcommand(new DemoCommand())
        .addSubcommand(new EmbeddedStreamCommand())
        .addSubcommand(new BrokerCommand())
        .addSubcommand(new BenchCommand());
    // Again: picocli's settings reach only the subcommands present.
    return CliErrors.clear(cli, StreamerMain.BAD_VALUES);
  }
}
