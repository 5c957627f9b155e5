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

/**
 * {@code temporal server start-dev} as a child process: a real Temporal server (SQLite in memory)
 * with visibility queries and the Web UI on the gRPC port + 1000.
 *
 * <p>The child runs in its own session ({@code setsid}), so the Ctrl-C a terminal sends to the
 * whole foreground process group does not stop it before the caller has torn its pipeline down; it
 * is stopped by {@link #close()} instead, and by a JVM shutdown hook should the JVM exit without
 * closing it.
 */
public final class TemporalCliDevServer implements LocalTemporal {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;
  private boolean closed;

  private TemporalCliDevServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
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

  /** The command line, without {@code setsid}. */
  static List<String> command(Path cli, int port, List<String> keywordAttributes) {
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
    cmd.addAll(List.of("--log-level", "warn"));
    return cmd;
  }

  static TemporalCliDevServer start(
      Path cli, int port, List<String> keywordAttributes, Path logDir, Duration timeout) {
    if (PortProbe.accepts(port + 1000)) {
      throw new PortInUseException(port + 1000, PortProbe.State.OTHER);
    }
    List<String> cmd = new ArrayList<>();
    findExecutable("setsid").ifPresent(setsid -> cmd.add(setsid.toString()));
    cmd.addAll(command(cli, port, keywordAttributes));
    Path log = logDir.resolve("temporal-dev-server.log");
    Process process;
    try {
      Files.createDirectories(logDir);
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cli + ": " + e.getMessage(), e);
    }
    TemporalCliDevServer server = new TemporalCliDevServer(process, port, log);
    try {
      server.awaitReady(timeout);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
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
