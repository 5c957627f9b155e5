package io.cdcorchestrator.local;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code temporal server start-dev} as a child process: a real Temporal server with visibility
 * queries and the Web UI on the gRPC port + 1000. Its state lives in SQLite: in memory, or in a
 * file ({@code --db-filename}) that a server started again on it resumes from, every workflow
 * included. A server with a state file that dies (killed, crashed) is started again on it, said so.
 *
 * <p>The child runs in its own session ({@code setsid}), so the Ctrl-C a terminal sends to the
 * whole foreground process group does not stop it before the caller has torn its pipeline down; it
 * is stopped by {@link #close()} instead, and by a JVM shutdown hook should the JVM exit without
 * closing it. A JVM killed with SIGKILL runs no hook: its server is recorded in a {@link
 * DevServerPidFile}, and the next {@code cdc} that starts a server on that port ends it.
 */
public final class TemporalCliDevServer implements LocalTemporal {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final List<String> command;
  private final int port;
  private final Path log;
  private final Path stateFile;
  private final DevServerPidFile pidFile;
  private final Consumer<String> say;
  private final Thread shutdownHook;
  private volatile Process process;
  private volatile boolean closed;

  private TemporalCliDevServer(
      List<String> command,
      int port,
      Path log,
      Path stateFile,
      DevServerPidFile pidFile,
      Consumer<String> say) {
    this.command = command;
    this.port = port;
    this.log = log;
    this.stateFile = stateFile;
    this.pidFile = pidFile;
    this.say = say;
    this.shutdownHook = new Thread(this::stopProcess, "temporal-dev-server-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The {@code temporal} executable on PATH, if any. */
  public static Optional<Path> findOnPath() {
    return findExecutable("temporal");
  }

  private static Optional<Path> findExecutable(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The command line, without {@code setsid}; state in memory. */
  static List<String> command(Path cli, int port, List<String> keywordAttributes) {
    return command(cli, port, keywordAttributes, null);
  }

  /** The command line, without {@code setsid}; state in {@code stateFile} unless null. */
  static List<String> command(Path cli, int port, List<String> keywordAttributes, Path stateFile) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                cli.toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--ui-port",
                Integer.toString(port + 1000)));
    for (String attribute : keywordAttributes) {
      cmd.add("--search-attribute");
      cmd.add(attribute + "=Keyword");
    }
    if (stateFile != null) {
      cmd.add("--db-filename");
      cmd.add(stateFile.toString());
    }
    cmd.addAll(List.of("--log-level", "warn"));
    return cmd;
  }

  /**
   * @param stateDir where the pid file (and with {@code persistent} the state file) live
   * @param persistent keep the server's state in {@code stateDir/dev-server-<port>.db}
   * @param say how the server tells its user what it does on its own (ending an orphan, restarting)
   */
  static TemporalCliDevServer start(
      Path cli,
      int port,
      List<String> keywordAttributes,
      Path logDir,
      Path stateDir,
      boolean persistent,
      Duration timeout,
      Consumer<String> say) {
    if (PortProbe.accepts(port + 1000)) {
      throw new PortInUseException(port + 1000, PortProbe.State.OTHER);
    }
    Path stateFile = persistent ? stateDir.resolve("dev-server-" + port + ".db") : null;
    List<String> cmd = new ArrayList<>();
    findExecutable("setsid").ifPresent(setsid -> cmd.add(setsid.toString()));
    cmd.addAll(command(cli, port, keywordAttributes, stateFile));
    Path log = logDir.resolve("temporal-dev-server.log");
    try {
      Files.createDirectories(logDir);
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logDir + " or " + stateDir, e);
    }
    TemporalCliDevServer server =
        new TemporalCliDevServer(
            List.copyOf(cmd), port, log, stateFile, new DevServerPidFile(stateDir, port), say);
    try {
      try {
        server.launch(timeout);
      } catch (ExitedDuringStart e) {
        // seen in CI: the dev server panicked within half a second of starting (one of the ports
        // it picks for itself was taken in between); a second start is what a user would do
        say.accept(e.getMessage() + "; starting it once more");
        server.launch(timeout);
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Ends a server that a killed {@code cdc} left on {@code port} (by its pid file). */
  static void endOrphan(Path stateDir, int port, Consumer<String> say) {
    new DevServerPidFile(stateDir, port).endOrphan(say);
  }

  private void launch(Duration timeout) {
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command + ": " + e.getMessage(), e);
    }
    pidFile.write(process.toHandle());
    awaitReady(timeout);
    if (stateFile != null) {
      Process started = process;
      started.onExit().thenRun(() -> restartAfter(started));
    }
  }

  /** The server died on its own: start it again on its state file, every workflow included. */
  private synchronized void restartAfter(Process dead) {
    if (closed || dead != process) {
      return;
    }
    say.accept(
        "the temporal dev server (pid "
            + dead.pid()
            + ") exited with code "
            + dead.exitValue()
            + "; starting it again on "
            + stateFile);
    try {
      launch(START_TIMEOUT);
      say.accept(
          "the temporal dev server is back at " + address() + " (pid " + process.pid() + ")");
    } catch (RuntimeException e) {
      say.accept("the temporal dev server did not come back: " + e.getMessage());
    }
  }

  private void awaitReady(Duration timeout) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new ExitedDuringStart(
              "the temporal dev server exited with code "
                  + process.exitValue()
                  + ": "
                  + lastLine());
        }
        if (PortProbe.answers(stubs, Duration.ofSeconds(1))) {
          return;
        }
        sleep(100);
      }
      throw new IllegalStateException(
          "the temporal dev server did not answer at "
              + address()
              + " within "
              + timeout.toSeconds()
              + " s (log: "
              + log
              + ")");
    } finally {
      stubs.shutdownNow();
    }
  }

  /** The server's process ended before it answered. */
  static final class ExitedDuringStart extends IllegalStateException {
    ExitedDuringStart(String message) {
      super(message);
    }
  }

  private String lastLine() {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
      return "(no output; log: " + log + ")";
    } catch (IOException e) {
      return "(log: " + log + ")";
    }
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public Optional<String> webUiUrl() {
    return Optional.of("http://127.0.0.1:" + (port + 1000));
  }

  @Override
  public String description() {
    return "temporal CLI dev server";
  }

  /** The child's process id (for tests and diagnostics). */
  public long pid() {
    return process.pid();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcess();
    pidFile.delete();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run; nothing left to remove
    }
  }

  /**
   * SIGTERM to the server and anything it started, SIGKILL to what is still alive after the
   * timeout.
   */
  private void stopProcess() {
    Process process = this.process;
    if (process == null) {
      return;
    }
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.add(0, process.toHandle());
    family.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : family) {
      try {
        p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
    try {
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the temporal dev server", e);
    }
  }
}
