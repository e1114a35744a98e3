package dev.i2i.cli;

import java.io.IOException;
import java.util.List;
import picocli.CommandLine;

/**
 * Makes a command line answer bad values and missing files with one clear line ("error: ...", exit
 * code 2) and refusals ({@link IllegalStateException}: "refused: ...", exit code 1) instead of a
 * stack trace; anything else is still a crash with its trace.
 */
public final class CliErrors {
  public static final int USAGE = 2;

  /** Exit code of a command that refused to do what it was asked (the message says why). */
  public static final int REFUSED = 1;

  private CliErrors() {}

  /**
   * Installs the handler; {@code badValues} are further exception types that mean a bad value from
   * the user (e.g. a library's configuration error), answered like {@link
   * IllegalArgumentException}.
   */
  public static CommandLine clear(CommandLine cli, List<Class<? extends Exception>> badValues) {
    // Enum flags are converted by picocli, in any case (cpu, CPU); a bad one lists the values.
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof IOException
              || badValues.stream().anyMatch(type -> type.isInstance(e))) {
            cmd.getErr().println("error: " + e.getMessage());
            return USAGE;
          }
          if (e instanceof IllegalStateException) {
            cmd.getErr().println("refused: " + e.getMessage());
            return REFUSED;
          }
          throw e;
        });
    return cli;
  }

  public static CommandLine clear(CommandLine cli) {
    return clear(cli, List.of());
  }
}
