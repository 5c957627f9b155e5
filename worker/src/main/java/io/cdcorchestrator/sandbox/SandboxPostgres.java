package io.cdcorchestrator.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky's binaries, run as a child process) for one pipeline: logical
 * decoding on, TCP on 127.0.0.1 only, no Unix socket, SCRAM for every user but {@code postgres}.
 *
 * <p>The data directory outlives the server: a server started again on it (or found still running
 * after the worker JVM that started it died) keeps the pipeline's tables, rows and replication
 * slot. Only {@code initdb} that never finished is thrown away.
 */
final class SandboxPostgres implements AutoCloseable {
  static final String ADMIN_USER = "postgres";
  static final String DATABASE = "inventory";
  private static final Logger LOG = LoggerFactory.getLogger(SandboxPostgres.class);

  private final EmbeddedPostgres pg; // null for a server another JVM started
  private final Path dataDir;
  private final int port;
  private final String origin;

  private SandboxPostgres(EmbeddedPostgres pg, Path dataDir, int port, String origin) {
    this.pg = pg;
    this.dataDir = dataDir;
    this.port = port;
    this.origin = origin;
  }

  /**
   * The pipeline's server: the one still running in {@code dataDir} (left by a worker JVM that
   * died), else a new server on the existing data, else a fresh {@code initdb}.
   *
   * @param binaryCache where the binaries are unpacked once (shared by all pipelines: teardown of a
   *     pipeline must not delete them)
   * @param port where a server started here listens ({@link SandboxPorts})
   */
  static SandboxPostgres startOrAdopt(Path dataDir, Path binaryCache, IntSupplierIo port)
      throws IOException {
    Optional<SandboxPostgres> running = adopt(dataDir);
    if (running.isPresent()) {
      return running.get();
    }
    boolean initialized = Files.exists(initializedMarker(dataDir));
    if (!initialized) {
      Dirs.deleteRecursively(dataDir); // an initdb cut short: nothing in it is worth keeping
    }
    Files.createDirectories(binaryCache);
    PostgresBinaries.prepare(binaryCache);
    int listen = port.get();
    long t0 = System.nanoTime();
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(binaryCache.toFile())
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false) // initdb only without postgresql.conf; never deleted here
            .setPort(listen)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("listen_addresses", Ports.LOOPBACK)
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_replication_slots", "10")
            .setServerConfig("max_wal_senders", "10")
            .setServerConfig("password_encryption", "scram-sha-256")
            // speed without losing latency: zonky defaults to synchronous_commit=off, which makes
            // the walsender wait for wal_writer_delay (~200 ms per change event)
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "on")
            // zonky reads the server's stderr only while pg_ctl runs; afterwards logs go to
            // <pgdata>/log
            .setServerConfig("logging_collector", "on")
            .setDataDirectoryCustomizer(SandboxPostgres::writeAccessRules)
            .start();
    SandboxPostgres server =
        new SandboxPostgres(
            pg, dataDir, listen, initialized ? "restarted on its data directory" : "created");
    try {
      server.createDatabase();
      Files.writeString(initializedMarker(dataDir), "initdb and database " + DATABASE + " done\n");
    } catch (SQLException | IOException e) {
      server.close();
      throw new IOException(
          "PostgreSQL started but database " + DATABASE + " could not be created", e);
    }
    LOG.info(
        "PostgreSQL {} on {}:{} (database {}, data {}) in {} ms",
        server.origin,
        Ports.LOOPBACK,
        listen,
        DATABASE,
        dataDir,
        (System.nanoTime() - t0) / 1_000_000);
    return server;
  }

  /**
   * A postmaster that a worker JVM started and left running when it died: still serving the data
   * directory, so it is taken over as it is (its clients stay connected).
   */
  private static Optional<SandboxPostgres> adopt(Path dataDir) throws IOException {
    Optional<ProcessHandle> running = postmaster(dataDir);
    if (running.isEmpty()) {
      return Optional.empty();
    }
    long pid = running.get().pid();
    OptionalInt port = postmasterPort(dataDir);
    if (port.isPresent() && Files.exists(initializedMarker(dataDir))) {
      SandboxPostgres adopted =
          new SandboxPostgres(
              null,
              dataDir,
              port.getAsInt(),
              "left running by a worker that stopped (pid " + pid + "): adopted");
      try {
        adopted.check();
        LOG.warn("PostgreSQL {} on port {}, data {}", adopted.origin, port.getAsInt(), dataDir);
        return Optional.of(adopted);
      } catch (SQLException e) {
        LOG.warn(
            "PostgreSQL (pid {}) left in {} does not answer ({}); stopping it",
            pid,
            dataDir,
            e.getMessage());
      }
    }
    stopStale(dataDir);
    return Optional.empty();
  }

  /** How this server came to run: created, restarted on its data, or adopted. */
  String origin() {
    return origin;
  }

  /** Found running (started by a worker JVM that has since died), not started here. */
  boolean adopted() {
    return pg == null;
  }

  /** The file that says initdb and the database creation finished. */
  static Path initializedMarker(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".initialized");
  }

  int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port() + "/" + database;
  }

  /** The postmaster process is alive (someone may have killed it behind our back). */
  boolean alive() {
    return postmaster(dataDir).isPresent();
  }

  /** One readiness check: an admin connection answers {@code select 1}. */
  String check() throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                jdbcUrl(DATABASE) + "?user=" + ADMIN_USER + "&connectTimeout=2");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select 1, current_setting('server_version'), current_setting('wal_level')")) {
      rs.next();
      return "PostgreSQL "
          + rs.getString(2)
          + " on "
          + Ports.LOOPBACK
          + ":"
          + port()
          + ", wal_level="
          + rs.getString(3);
    }
  }

  /** Stops the server (fast shutdown); its data directory stays. */
  @Override
  public void close() {
    try {
      if (pg != null) {
        pg.close(); // pg_ctl stop -m fast; releases zonky's lock on the data directory
      }
      stopStale(dataDir); // an adopted server, or one pg_ctl could not stop
      LOG.info("PostgreSQL on port {} stopped", port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop PostgreSQL on port " + port, e);
    }
  }

  private void createDatabase() throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                jdbcUrl("postgres") + "?user=" + ADMIN_USER + "&connectTimeout=5");
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("create database " + DATABASE);
    }
  }

  /**
   * Runs after initdb, before the first start. {@code postgres} keeps trust because zonky's own
   * readiness probe connects without a password; every other user must prove its password (SCRAM),
   * for normal and for replication connections.
   */
  /** A port to listen on, chosen only when a server is actually started. */
  @FunctionalInterface
  interface IntSupplierIo {
    int get() throws IOException;
  }

  private static void writeAccessRules(File dataDir) {
    List<String> hba =
        List.of(
            "# written by cdc-orchestrator's sandbox",
            "host  all          postgres  127.0.0.1/32  trust",
            "host  all          all       127.0.0.1/32  scram-sha-256",
            "host  replication  all       127.0.0.1/32  scram-sha-256");
    try {
      Files.write(dataDir.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
      // no Unix socket: the server is reachable on 127.0.0.1 only (and no clash in /tmp with other
      // servers)
      Path conf = dataDir.toPath().resolve("postgresql.conf");
      String noSocket = "unix_socket_directories = ''";
      if (!Files.readString(conf, StandardCharsets.UTF_8).contains(noSocket)) {
        Files.writeString(
            conf, "\n" + noSocket + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write access rules into " + dataDir, e);
    }
  }

  /** The live postmaster serving {@code dataDir}, if any (by its pid file, checked). */
  static Optional<ProcessHandle> postmaster(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    return postmasterPid(dataDir)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> isPostmasterOf(p, pidFile));
  }

  /**
   * Stops the postmaster serving {@code dataDir}, as {@code pg_ctl stop -m fast} would (SIGINT,
   * then wait until it removed postmaster.pid); pg_ctl itself refuses to run as root, where zonky
   * wraps it in unshare. A server left by a worker JVM that died is said so.
   */
  static void stopStale(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    Optional<ProcessHandle> stale = postmaster(dataDir);
    if (stale.isEmpty()) {
      return;
    }
    long pid = stale.get().pid();
    LOG.info("Stopping PostgreSQL (pid {}) in {}", pid, dataDir);
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Files.exists(pidFile) && stale.get().isAlive()) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "the stale PostgreSQL (pid " + pid + ") in " + dataDir + " did not stop within 30 s");
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the stale PostgreSQL (pid " + pid + ")", e);
    }
  }

  /**
   * Guards against a recycled PID: postmaster.pid records the start time (line 3, epoch seconds),
   * which must match the process; failing that, the process must be a postgres binary.
   */
  private static boolean isPostmasterOf(ProcessHandle p, Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      long started = Long.parseLong(lines.get(2).trim());
      Optional<Instant> actual = p.info().startInstant();
      if (actual.isPresent()) {
        return Math.abs(actual.get().getEpochSecond() - started) <= 5;
      }
    } catch (IOException | RuntimeException e) {
      // unreadable pid file: fall back to the command
    }
    return p.info().command().map(cmd -> cmd.endsWith("/postgres")).orElse(false);
  }

  /** Line 4 of {@code postmaster.pid}: the port the server listens on. */
  private static OptionalInt postmasterPort(Path dataDir) {
    try {
      List<String> lines =
          Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return lines.size() < 4
          ? OptionalInt.empty()
          : OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** First line of {@code postmaster.pid}, written by the server while it runs. */
  private static Optional<Long> postmasterPid(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
