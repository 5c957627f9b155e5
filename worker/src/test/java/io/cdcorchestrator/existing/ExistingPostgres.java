package io.cdcorchestrator.existing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "The PostgreSQL that already exists" for the bring-your-own-database tests: a real server the
 * test starts itself (not a sandbox pipeline's own), on a fixed port and data directory so that it
 * can be restarted after {@code ALTER SYSTEM}, with a database {@code shop} holding the user's
 * data.
 */
public final class ExistingPostgres implements AutoCloseable {
  public static final String DATABASE = "shop";

  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres pg;

  private ExistingPostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** A new server with {@code wal_level} as given and database {@code shop}. */
  public static ExistingPostgres start(Path dataDir, String walLevel) throws Exception {
    ExistingPostgres p = new ExistingPostgres(dataDir, freePort());
    p.pg = p.builder().setServerConfig("wal_level", walLevel).start();
    try (Connection c = DriverManager.getConnection(p.url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("create database " + DATABASE);
    }
    return p;
  }

  /**
   * {@code dataDir} must be new (initdb runs when it holds no cluster); zonky's clean-up is off, as
   * it would delete the cluster when the server stops for a restart.
   */
  private EmbeddedPostgres.Builder builder() {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_replication_slots", "4")
        .setServerConfig("max_wal_senders", "4")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "on");
  }

  /**
   * Stops and starts the same data directory on the same port: what {@code ALTER SYSTEM} needs. A
   * command-line setting would win over postgresql.auto.conf (where ALTER SYSTEM writes), so the
   * restart does not pass wal_level.
   */
  public void restart() throws IOException {
    pg.close();
    pg = builder().start();
  }

  /** The port it listens on, at 127.0.0.1. */
  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return url(DATABASE);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  public void execute(String... sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  public String walLevel() throws SQLException {
    return query("show wal_level").get(0);
  }

  /** One column of a query's rows, as text. */
  public List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  /**
   * What "the database exactly as it was" means here: roles, publications, replication slots,
   * tables and each table's rows (as text, ordered).
   */
  public Map<String, List<String>> snapshot() throws SQLException {
    Map<String, List<String>> s = new LinkedHashMap<>();
    s.put("roles", query("select rolname from pg_roles order by 1"));
    s.put("publications", query("select pubname from pg_publication order by 1"));
    s.put("slots", query("select slot_name from pg_replication_slots order by 1"));
    List<String> tables =
        query(
            "select schemaname || '.' || tablename from pg_tables"
                + " where schemaname not in ('pg_catalog', 'information_schema') order by 1");
    s.put("tables", tables);
    for (String t : tables) {
      s.put("rows of " + t, query("select t::text from " + t + " t order by 1"));
    }
    return s;
  }

  @Override
  public void close() throws IOException {
    if (pg != null) {
      pg.close();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
