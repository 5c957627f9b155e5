package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database objects a pipeline needs, created idempotently (running it twice leaves one of each)
 * in one transaction, and dropped again by {@link #drop}. Data tables are never dropped.
 */
final class SqlInit {
  private static final Logger LOG = LoggerFactory.getLogger(SqlInit.class);

  static final String CAPTURED_TABLE_DDL =
      "create table if not exists "
          + PipelineNames.CAPTURED_TABLE
          + " ("
          + "id uuid primary key default gen_random_uuid(), sku text not null, name text, description text, "
          + "price numeric(12,2), available boolean)";
  static final String HEARTBEAT_TABLE_DDL =
      "create table if not exists "
          + PipelineNames.HEARTBEAT_TABLE
          + " (id int primary key, beat_at timestamptz)";

  /**
   * Debezium's heartbeat.action.query: a write to a captured table lets the slot advance while the
   * data is idle.
   */
  static final String HEARTBEAT_UPSERT =
      "insert into "
          + PipelineNames.HEARTBEAT_TABLE
          + " (id, beat_at) values (1, now()) "
          + "on conflict (id) do update set beat_at = excluded.beat_at";

  private static final String TABLES =
      PipelineNames.CAPTURED_TABLE + ", " + PipelineNames.HEARTBEAT_TABLE;
  private static final int SLOT_DROP_TRIES = 20;

  private SqlInit() {}

  /**
   * Tables, the least-privilege replication user (password hashed client-side, so the plaintext
   * never reaches SQL text or server logs) and the publication.
   */
  static void init(Connection c, DataPlaneAccess a, String replicationPassword)
      throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    String user = pg.escapeIdentifier(a.replicationUser());
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(CAPTURED_TABLE_DDL);
      s.execute(HEARTBEAT_TABLE_DDL);
      if (a.replicatesAsAdmin()) {
        // RDS's master user replicates (rds_superuser brings rds_replication): its password belongs
        // to
        // the RDS-managed secret and its role to RDS, so neither is touched here
        grantReads(s, pg, a, user);
      } else {
        replicationUser(c, s, pg, a, user, replicationPassword);
      }
      String publication = pg.escapeIdentifier(a.publicationName());
      // "set table" on an existing publication makes it converge to exactly our tables
      s.execute(
          PostgresAdmin.exists(
                  c, "select 1 from pg_publication where pubname = ?", a.publicationName())
              ? "alter publication " + publication + " set table " + TABLES
              : "create publication " + publication + " for table " + TABLES);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
    LOG.info(
        "Database objects ready in {}: user {}, publication {} for {}",
        a.database(),
        a.replicationUser(),
        a.publicationName(),
        TABLES);
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
    grantReads(s, pg, a, user);
  }

  /** What Debezium reads (the captured table) and writes (its heartbeat). */
  private static void grantReads(Statement s, PGConnection pg, DataPlaneAccess a, String user)
      throws SQLException {
    s.execute("grant usage on schema public to " + user);
    s.execute("grant select on " + PipelineNames.CAPTURED_TABLE + " to " + user);
    s.execute("grant select, insert, update on " + PipelineNames.HEARTBEAT_TABLE + " to " + user);
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
      if (userExists) {
        // revokes its grants here and on the database, so DROP ROLE finds nothing depending on it
        s.execute("drop owned by " + user);
        s.execute("drop role if exists " + user);
      }
    }
    LOG.info(
        "Dropped slot {}, publication {} and user {} in {}",
        a.slotName(),
        a.publicationName(),
        a.replicationUser(),
        a.database());
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
