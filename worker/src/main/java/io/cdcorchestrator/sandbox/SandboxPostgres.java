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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky's binaries, run as a child process) for one pipeline: logical
 * decoding on, TCP on 127.0.0.1 only, no Unix socket, SCRAM for every user but {@code postgres}.
 * The data directory lives only as long as the server: every start is a fresh initdb.
 */
final class SandboxPostgres implements AutoCloseable {
  static final String ADMIN_USER = "postgres";
  static final String DATABASE = "inventory";
  private static final Logger LOG = LoggerFactory.getLogger(SandboxPostgres.class);

  private final EmbeddedPostgres pg;
  private final Path dataDir;

  private SandboxPostgres(EmbeddedPostgres pg, Path dataDir) {
    this.pg = pg;
    this.dataDir = dataDir;
  }

  /**
   * @param binaryCache where zonky extracts its binaries once (shared by all pipelines: teardown of
   *     a pipeline must not delete them)
   */
  static SandboxPostgres start(Path dataDir, Path binaryCache) throws IOException {
    stopStale(dataDir);
    Dirs.deleteRecursively(dataDir);
    Files.createDirectories(binaryCache);
    long t0 = System.nanoTime();
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(binaryCache.toFile())
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(true)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("listen_addresses", Ports.LOOPBACK)
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_replication_slots", "10")
            .setServerConfig("max_wal_senders", "10")
            .setServerConfig("password_encryption", "scram-sha-256")
            // speed without losing latency: zonky defaults to synchronous_commit=off, which makes
            // the
            // walsender wait for wal_writer_delay (~200 ms per change event)
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "on")
            // zonky reads the server's stderr only while pg_ctl runs; afterwards logs go to
            // <pgdata>/log
            .setServerConfig("logging_collector", "on")
            .setDataDirectoryCustomizer(SandboxPostgres::writeAccessRules)
            .start();
    SandboxPostgres server = new SandboxPostgres(pg, dataDir);
    try {
      server.createDatabase();
    } catch (SQLException e) {
      server.close();
      throw new IOException(
          "PostgreSQL started but database " + DATABASE + " could not be created", e);
    }
    LOG.info(
        "PostgreSQL started on {}:{} (database {}, data {}) in {} ms",
        Ports.LOOPBACK,
        pg.getPort(),
        DATABASE,
        dataDir,
        (System.nanoTime() - t0) / 1_000_000);
    return server;
  }

  int port() {
    return pg.getPort();
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port() + "/" + database;
  }

  /** The postmaster process is alive (someone may have killed it behind our back). */
  boolean alive() {
    return postmasterPid(dataDir)
        .flatMap(ProcessHandle::of)
        .map(ProcessHandle::isAlive)
        .orElse(false);
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

  @Override
  public void close() {
    try {
      pg.close(); // pg_ctl stop -m fast, then removes the data directory
      LOG.info("PostgreSQL on port {} stopped", port());
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop PostgreSQL on port " + port(), e);
    }
  }

  private void createDatabase() throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
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
      Files.writeString(
          dataDir.toPath().resolve("postgresql.conf"),
          "\nunix_socket_directories = ''\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write access rules into " + dataDir, e);
    }
  }

  /**
   * A postmaster left behind by a worker JVM that died without stopping it still holds the data
   * directory and its port. Stop it as {@code pg_ctl stop -m fast} would (SIGINT, then wait until
   * it removed postmaster.pid); pg_ctl itself refuses to run as root, where zonky wraps it in
   * unshare.
   */
  static void stopStale(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    Optional<ProcessHandle> stale =
        postmasterPid(dataDir)
            .flatMap(ProcessHandle::of)
            .filter(ProcessHandle::isAlive)
            .filter(p -> isPostmasterOf(p, pidFile));
    if (stale.isEmpty()) {
      return;
    }
    long pid = stale.get().pid();
    LOG.warn("Stopping a stale PostgreSQL (pid {}) left in {}", pid, dataDir);
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
