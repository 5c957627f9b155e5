package io.cdcorchestrator.cli;

import io.temporal.payload.codec.PayloadCodecException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code cdc}: provision, inspect and tear down Debezium CDC pipelines through Temporal. */
@Command(
    name = "cdc",
    mixinStandardHelpOptions = true,
    versionProvider = CdcCommand.Version.class,
    description =
        "Provisions, inspects and tears down Debezium CDC pipelines through a durable Temporal workflow.",
    footer = {
      "",
      "Temporal is reached through the SDK's environment configuration: TEMPORAL_ADDRESS (default "
          + "localhost:7233), TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE.",
      "Payloads are encrypted (AES-256-GCM) when CDC_CODEC_KEYS or CDC_CODEC_KEY_FILE holds id=base64key entries "
          + "(the first encrypts, all decrypt); cdc codec-server shows them in the Web UI.",
      "Exit codes: 0 ok, 1 failure, 2 bad input (nothing was started), 3 unknown pipeline."
    })
public final class CdcCommand implements Runnable {
  /**
   * The subcommands, in the order {@code --help} lists them. They are added by {@link
   * #commandLine(Map, String...)} rather than named in {@code @Command}, so that a run builds only
   * the one it names: picocli reflects over every class it is given, a tenth of a second for all of
   * them on a fresh JVM, which a one-shot command such as {@code cdc status} should not pay.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          DemoCommand.class,
          UpCommand.class,
          StatusCommand.class,
          DownCommand.class,
          PauseCommand.class,
          ResumeCommand.class,
          StopCommand.class,
          ApplyCommand.class,
          ListCommand.class,
          PlanCommand.class,
          PreflightCommand.class,
          EventsCommand.class,
          HistoryCommand.class,
          ReplayCommand.class,
          SweepCommand.class,
          WorkerCommand.class,
          DevServerCommand.class,
          CodecServerCommand.class,
          CommandLine.HelpCommand.class);

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final InputStream in;

  CdcCommand(Map<String, String> env, InputStream in) {
    this.env = env;
    this.in = in;
  }

  public static void main(String[] args) {
    CliLogging.selectFor(firstCommandName(args), System.getenv()); // before any logger
    System.exit(commandLine(System.getenv(), args).execute(args));
  }

  /**
   * The configured command line for running {@code args}: when they name a subcommand, only that
   * one is built (what it parses, prints and does is the same); otherwise (no command, {@code
   * --help}, {@code help}, a typo picocli suggests a fix for) all of them. {@code env} stands for
   * the process environment (tests pass their own): {@code TEMPORAL_ADDRESS} and {@code
   * CDC_LOCAL_TEMPORAL} are read from it.
   */
  static CommandLine commandLine(Map<String, String> env, String... args) {
    return commandLine(env, System.in, args);
  }

  /** The same, answering questions ({@code apply}'s confirmation) from {@code in}. */
  static CommandLine commandLine(Map<String, String> env, InputStream in, String... args) {
    CommandLine cmd = new CommandLine(new CdcCommand(env, in));
    String named = firstCommandName(args);
    // help shows the others
    boolean one =
        !"help".equals(named) && SUBCOMMANDS.stream().anyMatch(c -> nameOf(c).equals(named));
    for (Class<?> sub : SUBCOMMANDS) {
      if (!one || nameOf(sub).equals(named)) {
        cmd.addSubcommand(sub);
      }
    }
    cmd.setExecutionExceptionHandler(CdcCommand::handleExecutionException);
    cmd.setParameterExceptionHandler(CdcCommand::handleParameterException);
    return cmd;
  }

  /** The first argument that is not one of the root's options (all of them flags), or null. */
  private static String firstCommandName(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg;
      }
      if (arg.equals("--")) {
        return null;
      }
    }
    return null;
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** A variable of the (possibly substituted) environment. */
  String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** Where answers to questions come from (standard input, or a test's). */
  InputStream in() {
    return in;
  }

  /** The whole (possibly substituted) environment: what envconfig and the codec read. */
  Map<String, String> environment() {
    return env;
  }

  @Override
  public void run() {
    CommandLine cmd = spec.commandLine();
    String commands =
        cmd.getSubcommands().keySet().stream()
            .filter(name -> !name.equals("help"))
            .collect(Collectors.joining(", "));
    throw new CommandLine.ParameterException(
        cmd, "command: missing (one of " + commands + "; see cdc --help)");
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
    } else if (codecFailure(e) != null) {
      // an encrypted payload this process cannot read: say which key, not "DataConverterException"
      code = CliException.FAILURE;
      message = "error: " + codecFailure(e).getMessage();
    } else {
      code = CliException.FAILURE;
      message =
          "error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
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

  private static PayloadCodecException codecFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PayloadCodecException p) {
        return p;
      }
    }
    return null;
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
