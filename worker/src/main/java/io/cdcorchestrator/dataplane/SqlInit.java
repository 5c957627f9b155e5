package io.cdcorchestrator.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database objects a pipeline needs, created idempotently (running it twice leaves one of each)
 * in one transaction, and dropped again by {@link #drop}. Data tables are never dropped. Also what
 * a change of the captured tables needs: their check, the publication converging to them, and the
 * signal that makes Debezium snapshot a new one.
 */
final class SqlInit {
  private static final Logger LOG = LoggerFactory.getLogger(SqlInit.class);

  static final String CAPTURED_TABLE_DDL =
      "create table if not exists "
          + PipelineNames.CAPTURED_TABLE
          + " ("
          + "id uuid primary key default gen_random_uuid(), sku text not null, name text, description text, "
          + "price numeric(12,2), available integer)";
  static final String HEARTBEAT_TABLE_DDL = heartbeatTableDdl(PipelineNames.HEARTBEAT_TABLE);

  /**
   * Debezium's heartbeat.action.query: a write to a captured table lets the slot advance while the
   * data is idle.
   */
  static final String HEARTBEAT_UPSERT = heartbeatUpsert(PipelineNames.HEARTBEAT_TABLE);

  /**
   * Debezium's signal table: three text columns in this order (id, type, data). Debezium reads the
   * rows from the WAL, so the table is in the publication.
   */
  static final String SIGNAL_TABLE_DDL = signalTableDdl(PipelineNames.SIGNAL_TABLE);

  static String heartbeatTableDdl(String table) {
    return "create table if not exists " + table + " (id int primary key, beat_at timestamptz)";
  }

  static String heartbeatUpsert(String table) {
    return "insert into "
        + table
        + " (id, beat_at) values (1, now()) "
        + "on conflict (id) do update set beat_at = excluded.beat_at";
  }

  static String signalTableDdl(String table) {
    return "create table if not exists "
        + table
        + " (id varchar(64) primary key, type varchar(32) not null, data varchar(2048))";
  }

  private static final int SLOT_DROP_TRIES = 20;

  private SqlInit() {}

  /** A table that cannot be captured: the table and why, in one line with the remedy. */
  static final class TableRefused extends Exception {
    TableRefused(String message) {
      super(message);
    }
  }

  /**
   * Tables, the least-privilege replication user (password hashed client-side, so the plaintext
   * never reaches SQL text or server logs) and the publication of the captured tables.
   */
  static void init(Connection c, DataPlaneAccess a, String replicationPassword)
      throws SQLException, TableRefused {
    PGConnection pg = c.unwrap(PGConnection.class);
    String user = pg.escapeIdentifier(a.replicationUser());
    inTransaction(
        c,
        () -> {
          try (Statement s = c.createStatement()) {
            if (!a.adoptedDatabase()) { // the user's own database: its tables are its own
              s.execute(CAPTURED_TABLE_DDL);
            }
            s.execute(heartbeatTableDdl(a.heartbeatTable()));
            s.execute(signalTableDdl(a.signalTable()));
            if (!a.replicatesAsAdmin()) {
              // RDS's master user replicates (rds_superuser brings rds_replication): its password
              // belongs to the RDS-managed secret and its role to RDS, so neither is touched
              replicationUser(c, s, pg, a, user, replicationPassword);
            }
          }
          publish(c, a);
        });
    LOG.info(
        "Database objects ready in {}: user {}, publication {} for {}",
        a.database(),
        a.replicationUser(),
        a.publicationName(),
        a.publishedTables());
  }

  /**
   * The captured tables checked, readable by the replication user and exactly the publication's
   * (with the heartbeat and signal tables): "set table" on an existing publication converges it, so
   * a removed table stops being published. One transaction: a refused table changes nothing.
   */
  static void publishTables(Connection c, DataPlaneAccess a) throws SQLException, TableRefused {
    inTransaction(
        c,
        () -> {
          try (Statement s = c.createStatement()) {
            // a pipeline set up before signals existed has none yet
            s.execute(signalTableDdl(a.signalTable()));
          }
          publish(c, a);
        });
    LOG.info("Publication {} now holds {}", a.publicationName(), a.publishedTables());
  }

  private static void publish(Connection c, DataPlaneAccess a) throws SQLException, TableRefused {
    List<String> refused = check(c, a.tables());
    if (!refused.isEmpty()) {
      throw new TableRefused(String.join("; ", refused));
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    String user = pg.escapeIdentifier(a.replicationUser());
    List<String> quoted = new ArrayList<>();
    for (String t : a.publishedTables()) {
      quoted.add(quoted(pg, t));
    }
    String tables = String.join(", ", quoted);
    try (Statement s = c.createStatement()) {
      grantReads(s, pg, a, user);
      String publication = pg.escapeIdentifier(a.publicationName());
      s.execute(
          PostgresAdmin.exists(
                  c, "select 1 from pg_publication where pubname = ?", a.publicationName())
              ? "alter publication " + publication + " set table " + tables
              : "create publication " + publication + " for table " + tables);
    }
  }

  /**
   * Why each table cannot be captured, if it cannot: it must exist, and Debezium must be able to
   * key its events (a primary key under REPLICA IDENTITY DEFAULT, or REPLICA IDENTITY FULL or USING
   * INDEX); a table in a publication without one even refuses UPDATE and DELETE.
   */
  static List<String> check(Connection c, List<String> tables) throws SQLException {
    List<String> refused = new ArrayList<>();
    for (String table : tables) {
      String[] parts = table.split("\\.", 2);
      try (PreparedStatement s =
          c.prepareStatement(
              "select c.relreplident, exists (select 1 from pg_index i "
                  + "where i.indrelid = c.oid and i.indisprimary) "
                  + "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                  + "where n.nspname = ? and c.relname = ? and c.relkind in ('r', 'p')")) {
        s.setString(1, parts[0]);
        s.setString(2, parts[1]);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            refused.add(table + " does not exist in database " + c.getCatalog());
            continue;
          }
          String identity = rs.getString(1);
          boolean primaryKey = rs.getBoolean(2);
          if ("n".equals(identity) || ("d".equals(identity) && !primaryKey)) {
            refused.add(
                table
                    + " has no primary key"
                    + ("n".equals(identity) ? " and REPLICA IDENTITY NOTHING" : "")
                    + ": Debezium cannot key its events (add a primary key, or ALTER TABLE "
                    + table
                    + " REPLICA IDENTITY FULL)");
          }
        }
      }
    }
    return refused;
  }

  /**
   * Debezium's {@code execute-snapshot} signal: an incremental snapshot of {@code tables}, read in
   * chunks while streaming goes on. Returns the signal's id, which its notifications carry.
   */
  static String requestSnapshot(Connection c, DataPlaneAccess a, List<String> tables)
      throws SQLException {
    String id = UUID.randomUUID().toString();
    String data;
    try {
      data =
          ConnectApi.JSON.writeValueAsString(
              Map.of("data-collections", tables, "type", "incremental"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into "
                + a.signalTable()
                + " (id, type, data) values (?, 'execute-snapshot', ?)")) {
      s.setString(1, id);
      s.setString(2, data);
      s.executeUpdate();
    }
    LOG.info("Incremental snapshot {} of {} requested", id, tables);
    return id;
  }

  /** True when the table has at least one row. */
  static boolean hasRows(Connection c, String table) throws SQLException {
    String quoted = quoted(c.unwrap(PGConnection.class), table);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select exists (select 1 from " + quoted + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** {@code schema.table} as two quoted identifiers. */
  private static String quoted(PGConnection pg, String table) throws SQLException {
    String[] parts = table.split("\\.", 2);
    return pg.escapeIdentifier(parts[0]) + "." + pg.escapeIdentifier(parts[1]);
  }

  private interface Work {
    void run() throws SQLException, TableRefused;
  }

  private static void inTransaction(Connection c, Work work) throws SQLException, TableRefused {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      work.run();
      c.commit();
    } catch (SQLException | TableRefused | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * A dedicated least-privilege user: created once, its password (hashed client-side) set every
   * time.
   */
  private static void replicationUser(
      Connection c,
      Statement s,
      PGConnection pg,
      DataPlaneAccess a,
      String user,
      String replicationPassword)
      throws SQLException {
    if (!PostgresAdmin.exists(c, "select 1 from pg_roles where rolname = ?", a.replicationUser())) {
      s.execute("create role " + user + " login");
    }
    pg.alterUserPassword(a.replicationUser(), replicationPassword.toCharArray(), "scram-sha-256");
    // RDS has no superuser to hand out REPLICATION: membership of rds_replication grants it
    s.execute(
        a.rdsReplicationRole()
            ? "grant rds_replication to " + user
            : "alter role " + user + " login replication");
    s.execute("grant connect on database " + pg.escapeIdentifier(a.database()) + " to " + user);
  }

  /**
   * What Debezium reads (the captured tables, also in chunks for an incremental snapshot) and
   * writes (its heartbeat, and the snapshot's window markers in the signal table).
   */
  private static void grantReads(Statement s, PGConnection pg, DataPlaneAccess a, String user)
      throws SQLException {
    for (String schema : a.tables().stream().map(t -> t.split("\\.", 2)[0]).distinct().toList()) {
      s.execute("grant usage on schema " + pg.escapeIdentifier(schema) + " to " + user);
    }
    s.execute("grant usage on schema public to " + user);
    for (String table : a.tables()) {
      s.execute("grant select on " + quoted(pg, table) + " to " + user);
    }
    s.execute("grant select, insert, update on " + a.heartbeatTable() + " to " + user);
    s.execute("grant select, insert, delete on " + a.signalTable() + " to " + user);
  }

  /**
   * The replication user loses its login first and its sessions end, so a connector task still
   * stopping cannot come back and recreate the slot; then the slot, the publication and the user.
   * Data tables stay.
   */
  static void drop(Connection c, DataPlaneAccess a) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    String user = pg.escapeIdentifier(a.replicationUser());
    // never the admin (RDS master) user: "drop owned by" would take the data tables with it
    boolean userExists =
        !a.replicatesAsAdmin()
            && PostgresAdmin.exists(
                c, "select 1 from pg_roles where rolname = ?", a.replicationUser());
    try (Statement s = c.createStatement()) {
      if (userExists) {
        s.execute("alter role " + user + " nologin");
        terminateSessionsOf(c, a.replicationUser());
      }
      dropSlot(c, a.slotName());
      s.execute("drop publication if exists " + pg.escapeIdentifier(a.publicationName()));
      if (a.adoptedDatabase()) { // the pipeline's own tables; the user's are never touched
        s.execute("drop table if exists " + a.heartbeatTable());
        s.execute("drop table if exists " + a.signalTable());
      }
      if (userExists) {
        // revokes its grants here and on the database, so DROP ROLE finds nothing depending on it
        dropOwned(s, user);
        s.execute("drop role if exists " + user);
      }
    }
    if (activePid(c, a.slotName()) != null) { // a slot left behind would hold WAL forever
      throw new SQLException(
          "replication slot " + a.slotName() + " still exists after the drop", "55006");
    }
    LOG.info(
        "Dropped slot {}, publication {} and user {} in {}",
        a.slotName(),
        a.publicationName(),
        a.replicationUser(),
        a.database());
  }

  /**
   * DROP OWNED needs the role's privileges. From PostgreSQL 16 an admin that is not a superuser
   * (RDS's master user; a CREATEROLE admin) holds the role it created WITH ADMIN OPTION only, so it
   * takes the role's privileges for the drop; DROP ROLE then ends that membership too.
   */
  private static void dropOwned(Statement s, String user) throws SQLException {
    try {
      s.execute("drop owned by " + user);
    } catch (SQLException e) {
      if (!"42501".equals(e.getSQLState())) { // insufficient_privilege
        throw e;
      }
      s.execute("grant " + user + " to current_user");
      s.execute("drop owned by " + user);
    }
  }

  /**
   * An active slot cannot be dropped: end the walsender holding it, then retry while it lets go.
   */
  private static void dropSlot(Connection c, String slot) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      Integer activePid = activePid(c, slot);
      if (activePid == null) {
        return; // no such slot
      }
      if (activePid != 0) {
        try (PreparedStatement s = c.prepareStatement("select pg_terminate_backend(?)")) {
          s.setInt(1, activePid);
          s.execute();
        }
      }
      try (PreparedStatement s = c.prepareStatement("select pg_drop_replication_slot(?)")) {
        s.setString(1, slot);
        s.execute();
        return;
      } catch (SQLException e) {
        // 55006 object_in_use: the terminated walsender has not released it yet; 42704: gone
        // meanwhile
        if ("42704".equals(e.getSQLState())) {
          return;
        }
        if (!"55006".equals(e.getSQLState()) || attempt >= SLOT_DROP_TRIES) {
          throw e;
        }
      }
      pause();
    }
  }

  /** null: no such slot; 0: inactive; otherwise the PID of the walsender using it. */
  private static Integer activePid(Connection c, String slot) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select coalesce(active_pid, 0) from pg_replication_slots where slot_name = ?")) {
      s.setString(1, slot);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  private static void terminateSessionsOf(Connection c, String user) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select pg_terminate_backend(pid) from pg_stat_activity where usename = ? and pid <> pg_backend_pid()")) {
      s.setString(1, user);
      s.execute();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dropping a replication slot", e);
    }
  }
}
