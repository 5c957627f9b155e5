package io.cdcorchestrator.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code temporal} dev server that {@code cdc} started, recorded in {@code
 * <state>/dev-server-<port>.pid}: its pid and start time, and the pid of the {@code cdc} JVM that
 * owns it. The server runs in a session of its own, so a JVM killed with SIGKILL leaves it running
 * and holding the port; the next {@code cdc} that needs the port finds it here, checks it is that
 * very process (same start time, a {@code temporal … start-dev}) and that its owner is dead, and
 * ends it, saying so.
 */
final class DevServerPidFile {
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final Path file;

  DevServerPidFile(Path stateDir, int port) {
    this.file = stateDir.resolve("dev-server-" + port + ".pid");
  }

  void write(ProcessHandle server) {
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(server.pid()));
    server
        .info()
        .startInstant()
        .ifPresent(t -> p.setProperty("started", Long.toString(t.toEpochMilli())));
    p.setProperty("owner", Long.toString(ProcessHandle.current().pid()));
    try {
      Files.createDirectories(file.getParent());
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(w, "temporal dev server started by cdc");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a stale file is checked against the process before anything is done with it
    }
  }

  /** Ends the recorded server if its owning JVM died; says so through {@code say}. */
  void endOrphan(Consumer<String> say) {
    Optional<Properties> recorded = read();
    if (recorded.isEmpty()) {
      return;
    }
    Properties p = recorded.get();
    long owner = Long.parseLong(p.getProperty("owner", "-1"));
    if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
      return; // its cdc still runs it: not an orphan
    }
    Optional<ProcessHandle> server =
        ProcessHandle.of(Long.parseLong(p.getProperty("pid", "-1")))
            .filter(ProcessHandle::isAlive)
            .filter(h -> sameStart(h, p.getProperty("started")))
            .filter(h -> h.info().commandLine().orElse("").contains("start-dev"));
    if (server.isPresent()) {
      ProcessHandle h = server.get();
      say.accept(
          "stopping the temporal dev server (pid "
              + h.pid()
              + ") that a cdc process which died (pid "
              + owner
              + ") left running");
      h.destroy();
      try {
        h.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    delete();
  }

  private Optional<Properties> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      return Optional.of(p);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Guards against a recycled pid: the process must have started when the file says. */
  private static boolean sameStart(ProcessHandle h, String started) {
    if (started == null) {
      return true;
    }
    Optional<Instant> actual = h.info().startInstant();
    return actual.isEmpty()
        || Math.abs(actual.get().toEpochMilli() - Long.parseLong(started)) < 2000;
  }
}
