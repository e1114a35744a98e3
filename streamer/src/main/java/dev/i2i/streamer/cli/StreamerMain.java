package dev.i2i.streamer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The service's commands: the service itself, the user-side client commands and model deployment.
 * The demo, the embedded broker and the serving benchmark add to these in the {@code demo} module,
 * so the service's jars carry no broker.
 */
@Command(
    name = "i2i",
    mixinStandardHelpOptions = true,
    version = "i2i 0.1.0",
    description = "Serve image translation on Kafka and deploy models to it with no restart.",
    subcommands = {
      StreamCommand.class,
      PublishCommand.class,
      ConsumeCommand.class,
      ModelsCommand.class,
      DeployCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      RetireCommand.class,
      ImportCommand.class
    })
public final class StreamerMain implements Callable<Integer> {
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with clear messages for bad values (what is allowed, not a stack trace). */
  public static CommandLine commandLine() {
    return dev.i2i.cli.CliErrors.clear(new CommandLine(new StreamerMain()), BAD_VALUES);
  }

  /** Kafka's own refusal of a setting in --kafka-config is a bad value too, not a crash. */
  public static final java.util.List<Class<? extends Exception>> BAD_VALUES =
      java.util.List.of(org.apache.kafka.common.config.ConfigException.class);
}
