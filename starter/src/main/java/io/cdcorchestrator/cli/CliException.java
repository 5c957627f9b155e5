package io.cdcorchestrator.cli;

/**
 * An error the user sees as one line, with one of the exit codes the README lists. Thrown anywhere
 * below a command; {@link CdcCommand} prints it (with the stack trace only under {@code
 * --verbose}).
 */
final class CliException extends RuntimeException {
  static final int FAILURE = 1;
  static final int BAD_INPUT = 2;
  static final int NOT_FOUND = 3;

  private final int exitCode;

  private CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad input (exit 2): the message names the field and the rule. Nothing has been started. */
  static CliException badInput(String message) {
    return new CliException(BAD_INPUT, message, null);
  }

  /** An unknown pipeline (exit 3). */
  static CliException notFound(String name) {
    return notFound("name: no pipeline named '" + name + "' (./cdc list shows them)", null);
  }

  /** Something else that does not exist (exit 3): the message names the field. */
  static CliException notFound(String message, Throwable cause) {
    return new CliException(NOT_FOUND, message, cause);
  }

  /** Anything else that went wrong (exit 1). */
  static CliException failure(String message, Throwable cause) {
    return new CliException(FAILURE, message, cause);
  }

  static CliException failure(String message) {
    return failure(message, null);
  }

  int exitCode() {
    return exitCode;
  }
}
