package io.cdcorchestrator.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J for the commands that run for a moment ({@code status}, {@code list}, {@code plan}, …): the
 * lines log4j2.xml would write, written directly. Starting log4j (its plugins, the XML
 * configuration, the rolling file) took about 0.3 s of CPU in every {@code cdc status}, a third of
 * the run (docs/BENCHMARKS.md, "CLI start-up"), for the one or two lines such a command logs.
 *
 * <p>As log4j2.xml says: INFO and above to the log file ({@code cdc.log.file}) in its pattern;
 * {@code io.cdcorchestrator} from WARN and everything else from ERROR on stderr too, except the
 * file-only loggers (Kafka, Debezium, zonky). Commands that run long ({@link #LOG4J_COMMANDS}), the
 * JSON format ({@code CDC_LOG_FORMAT=json}) and a log file due to roll keep log4j: this one only
 * appends, the next log4j run rolls.
 */
public final class CliLogging implements SLF4JServiceProvider {
  /** The commands that keep log4j: they run long, log much, or need the rolling file. */
  static final Set<String> LOG4J_COMMANDS =
      Set.of("demo", "worker", "dev-server", "codec-server", "replay");

  private static final Set<String> FILE_ONLY =
      Set.of("io.debezium", "org.apache.kafka", "kafka", "io.zonky");
  private static final long DEFAULT_ROLL_BYTES = 10L * 1024 * 1024;

  private final ILoggerFactory loggers;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** As SLF4J makes it: to {@link #logFile()} and stderr. */
  public CliLogging() {
    this(logFile(), System.err);
  }

  CliLogging(Path file, PrintStream console) {
    Sink sink = new Sink(file, console);
    this.loggers = new Loggers(sink);
  }

  /**
   * Picks this provider for {@code command} (the subcommand's name, null for none) unless it keeps
   * log4j; before any logger exists. A {@code slf4j.provider} already set (a user's) stays.
   */
  static void selectFor(String command, Map<String, String> env) {
    if (System.getProperty("slf4j.provider") == null && useFor(command, env, logFile())) {
      System.setProperty("slf4j.provider", CliLogging.class.getName());
      // SLF4J would say on stderr, at its INFO, that it took the provider named here
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
  }

  static boolean useFor(String command, Map<String, String> env, Path logFile) {
    if (command != null && LOG4J_COMMANDS.contains(command)) {
      return false;
    }
    if ("json".equalsIgnoreCase(env.getOrDefault("CDC_LOG_FORMAT", ""))) {
      return false;
    }
    try {
      return !Files.exists(logFile)
          || Files.size(logFile) < rollBytes(System.getProperty("cdc.log.maxFileSize"));
    } catch (IOException e) {
      return true; // appending will say what is wrong, on stderr
    }
  }

  /** The log file, as log4j2.xml names it. */
  static Path logFile() {
    String file = System.getProperty("cdc.log.file");
    return file != null ? Path.of(file) : Path.of(System.getProperty("java.io.tmpdir"), "cdc.log");
  }

  /** log4j's size setting ("10 MB", "20MB", "512 KB"); 10 MB as log4j2.xml when unset or bad. */
  static long rollBytes(String size) {
    if (size == null) {
      return DEFAULT_ROLL_BYTES;
    }
    Matcher m =
        Pattern.compile("\\s*(\\d+)\\s*([KMG]?)B?\\s*", Pattern.CASE_INSENSITIVE).matcher(size);
    if (!m.matches()) {
      return DEFAULT_ROLL_BYTES;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "K" -> n * 1024;
      case "M" -> n * 1024 * 1024;
      case "G" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class Loggers implements ILoggerFactory {
    private final Map<String, Logger> byName = new ConcurrentHashMap<>();
    private final Sink sink;

    Loggers(Sink sink) {
      this.sink = sink;
    }

    @Override
    public Logger getLogger(String name) {
      return byName.computeIfAbsent(name, n -> new LineLogger(n, sink));
    }
  }

  /** INFO and above, as log4j2.xml's root and {@code io.cdcorchestrator} loggers. */
  static final class LineLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient Level console;
    private final transient Sink sink;

    LineLogger(String name, Sink sink) {
      this.name = name;
      this.console = consoleLevel(name);
      this.sink = sink;
    }

    /** From which level a logger's lines also go to stderr; null: never. */
    private static Level consoleLevel(String name) {
      for (String prefix : FILE_ONLY) {
        if (name.equals(prefix) || name.startsWith(prefix + ".")) {
          return null;
        }
      }
      return name.equals("io.cdcorchestrator") || name.startsWith("io.cdcorchestrator.")
          ? Level.WARN
          : Level.ERROR;
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable throwable) {
      if (level.toInt() < Level.INFO.toInt()) {
        return;
      }
      String message = MessageFormatter.basicArrayFormat(pattern, args);
      String trace = "";
      if (throwable != null) {
        StringWriter w = new StringWriter();
        throwable.printStackTrace(new PrintWriter(w));
        trace = w.toString();
      }
      LocalDateTime now = LocalDateTime.now();
      String levelName = String.format(Locale.ROOT, "%-5s", level);
      sink.file(
          String.format(
              Locale.ROOT,
              "%tFT%<tT,%<tL %s [%s] %s - %s%n%s",
              now,
              levelName,
              Thread.currentThread().getName(),
              name,
              message,
              trace));
      if (console != null && level.toInt() >= console.toInt()) {
        sink.console(
            String.format(
                    Locale.ROOT,
                    "%tT %s %s - %s%n",
                    now,
                    levelName,
                    name.substring(name.lastIndexOf('.') + 1),
                    message)
                + trace);
      }
    }
  }

  /** The log file, opened on the first line and appended to a whole line at a time; stderr. */
  private static final class Sink {
    private final Path path;
    private final PrintStream console;
    private FileOutputStream out;
    private boolean failed;

    Sink(Path path, PrintStream console) {
      this.path = path;
      this.console = console;
    }

    synchronized void file(String line) {
      if (failed) {
        return;
      }
      try {
        if (out == null) {
          if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
          }
          out = new FileOutputStream(path.toFile(), true); // O_APPEND: a demo's log4j writes too
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        failed = true;
        console("cdc: cannot write the log file " + path + ": " + e.getMessage() + "\n");
      }
    }

    synchronized void console(String text) {
      console.print(text);
      console.flush();
    }
  }
}
