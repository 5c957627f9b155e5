package io.cdcorchestrator.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code cdc}: provision, inspect and tear down Debezium CDC pipelines through Temporal. */
@Command(
    name = "cdc",
    mixinStandardHelpOptions = true,
    versionProvider = CdcCommand.Version.class,
    description = "Provisions, inspects and tears down Debezium CDC pipelines through a durable Temporal workflow.",
    footer = {
      "",
      "Temporal is reached through the SDK's environment configuration: TEMPORAL_ADDRESS (default "
          + "localhost:7233), TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE.",
      "Exit codes: 0 ok, 1 failure, 2 bad input (nothing was started), 3 unknown pipeline."
    },
    subcommands = {
      DemoCommand.class,
      UpCommand.class,
      StatusCommand.class,
      DownCommand.class,
      ListCommand.class,
      EventsCommand.class,
      HistoryCommand.class,
      SweepCommand.class,
      WorkerCommand.class,
      DevServerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CdcCommand implements Runnable {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  private final Map<String, String> env;

  CdcCommand(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /**
   * The configured command line. {@code env} stands for the process environment (tests pass their
   * own): {@code TEMPORAL_ADDRESS} and {@code CDC_LOCAL_TEMPORAL} are read from it.
   */
  static CommandLine commandLine(Map<String, String> env) {
    CommandLine cmd = new CommandLine(new CdcCommand(env));
    cmd.setExecutionExceptionHandler(CdcCommand::handleExecutionException);
    cmd.setParameterExceptionHandler(CdcCommand::handleParameterException);
    return cmd;
  }

  /** A variable of the (possibly substituted) environment. */
  String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "command: missing (one of demo, up, status, down, list, events, history, worker, dev-server; see cdc --help)");
  }

  private static int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    boolean verbose = isVerbose(cmd);
    int code;
    String message;
    if (e instanceof CliException cli) {
      code = cli.exitCode();
      message = cli.getMessage();
    } else {
      code = CliException.FAILURE;
      message = "error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    err.println(message);
    if (verbose) {
      e.printStackTrace(err);
    } else if (!(e instanceof CliException)) {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return code;
  }

  /** Bad input: one line naming the field and the rule, exit 2. */
  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = e.getMessage();
    if (!message.contains("--help")) {
      message += " (see " + cmd.getCommandSpec().qualifiedName() + " --help)";
    }
    err.println(message);
    if (isVerbose(cmd)) {
      e.printStackTrace(err);
    }
    err.flush();
    return CliException.BAD_INPUT;
  }

  private static boolean isVerbose(CommandLine cmd) {
    CommandLine root = cmd;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getCommand() instanceof CdcCommand c && c.verbose;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CdcCommand.class.getPackage().getImplementationVersion();
      return new String[] {"cdc " + (v == null ? "(development build)" : v)};
    }
  }
}
