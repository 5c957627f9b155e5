package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.preflight.Finding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only checks of a database the pipeline adopts, run before anything is created: each finding
 * is one line with its exact remedy. Only {@code select}s: no role, publication, slot or table is
 * created, whatever is found.
 */
public final class DatabasePreflight {
  /** pgoutput, the logical decoding plugin Debezium uses here, ships with PostgreSQL 10 on. */
  static final int MIN_SERVER_VERSION_NUM = 100000;

  private DatabasePreflight() {}

  /**
   * Every check, in order, from where this runs (the data-plane worker; for {@code cdc preflight}
   * the shell); a failed connection is the only finding when it fails.
   */
  public static List<Finding> check(DataPlaneAccess a) {
    String where = a.dbHost() + ":" + a.dbPort() + "/" + a.database();
    long started = System.nanoTime();
    try (Connection c = PostgresAdmin.connect(a)) {
      List<Finding> findings = new ArrayList<>();
      findings.add(
          Finding.ok(
              "database.reachable",
              "the data-plane worker reached "
                  + where
                  + " as "
                  + a.adminUser()
                  + " in "
                  + (System.nanoTime() - started) / 1_000_000
                  + " ms"));
      findings.addAll(check(c, a));
      return findings;
    } catch (SQLException e) {
      return List.of(
          Finding.blocker(
              "database.reachable",
              "cannot connect to "
                  + where
                  + " as "
                  + a.adminUser()
                  + ": "
                  + e.getMessage()
                  + " (SQLSTATE "
                  + e.getSQLState()
                  + ")",
              e.getSQLState() != null && e.getSQLState().startsWith("28")
                  ? "check database.existing.user and passwordRef, and pg_hba.conf for this client"
                  : "check database.existing.jdbcUrl, and that this worker may reach "
                      + a.dbHost()
                      + ":"
                      + a.dbPort()
                      + " (listen_addresses, firewall, security group)"));
    } catch (SecretResolver.UnresolvableSecret e) {
      return List.of(
          Finding.blocker(
              "database.password",
              e.getMessage(),
              "database.existing.passwordRef: file:<path>:<key> or aws-secretsmanager:<arn>:<key>"));
    }
  }

  static List<Finding> check(Connection c, DataPlaneAccess a) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    Settings s = settings(c);
    findings.add(
        s.versionNum() >= MIN_SERVER_VERSION_NUM
            ? Finding.ok("database.version", "PostgreSQL " + s.version())
            : Finding.blocker(
                "database.version",
                "PostgreSQL " + s.version() + " has no pgoutput logical decoding",
                "upgrade to PostgreSQL 10 or newer"));
    findings.add(
        "logical".equals(s.walLevel())
            ? Finding.ok("database.wal_level", "wal_level = logical")
            : Finding.blocker(
                "database.wal_level",
                "wal_level is "
                    + s.walLevel()
                    + "; logical decoding (and so CDC) needs wal_level = logical",
                s.rds()
                    ? "set rds.logical_replication = 1 in the instance's DB parameter group and"
                        + " reboot it"
                    : "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL"));
    findings.add(slots(c, a, s));
    findings.add(walSenders(c, s));
    findings.addAll(admin(c, a, s));
    findings.addAll(tables(c, a));
    return findings;
  }

  private record Settings(
      String version,
      int versionNum,
      String walLevel,
      int maxSlots,
      int maxWalSenders,
      boolean rds) {}

  private static Settings settings(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "select current_setting('server_version'),"
                    + " current_setting('server_version_num')::int,"
                    + " current_setting('wal_level'),"
                    + " current_setting('max_replication_slots')::int,"
                    + " current_setting('max_wal_senders')::int,"
                    + " exists (select 1 from pg_roles where rolname = 'rds_replication')");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return new Settings(
          rs.getString(1),
          rs.getInt(2),
          rs.getString(3),
          rs.getInt(4),
          rs.getInt(5),
          rs.getBoolean(6));
    }
  }

  /** A free slot, unless the pipeline's own exists already (a retried or resumed up). */
  private static Finding slots(Connection c, DataPlaneAccess a, Settings s) throws SQLException {
    int used = count(c, "select count(*) from pg_replication_slots");
    if (PostgresAdmin.exists(
        c, "select 1 from pg_replication_slots where slot_name = ?", a.slotName())) {
      return Finding.ok(
          "database.replication_slots", "the pipeline's slot " + a.slotName() + " exists already");
    }
    if (used < s.maxSlots()) {
      return Finding.ok(
          "database.replication_slots",
          used + " of max_replication_slots = " + s.maxSlots() + " used");
    }
    return Finding.blocker(
        "database.replication_slots",
        "all " + s.maxSlots() + " replication slots (max_replication_slots) are in use",
        (s.rds()
                ? "raise max_replication_slots in the DB parameter group and reboot"
                : "ALTER SYSTEM SET max_replication_slots = "
                    + (s.maxSlots() + 1)
                    + "; then restart PostgreSQL")
            + ", or drop an unused slot: SELECT pg_drop_replication_slot('<name>')");
  }

  private static Finding walSenders(Connection c, Settings s) throws SQLException {
    int used = count(c, "select count(*) from pg_stat_replication");
    if (used < s.maxWalSenders()) {
      return Finding.ok(
          "database.wal_senders", used + " of max_wal_senders = " + s.maxWalSenders() + " used");
    }
    return Finding.blocker(
        "database.wal_senders",
        "all " + s.maxWalSenders() + " WAL senders (max_wal_senders) are in use",
        s.rds()
            ? "raise max_wal_senders in the DB parameter group and reboot"
            : "ALTER SYSTEM SET max_wal_senders = "
                + (s.maxWalSenders() + 1)
                + "; then restart PostgreSQL");
  }

  /** What the admin may do, as the server says (PostgreSQL or RDS). */
  private record Rights(
      boolean superuser,
      boolean createRole,
      boolean replication,
      boolean rdsReplication,
      boolean rdsReplicationAdmin,
      boolean createOnDb,
      boolean createInPublic) {}

  private static Rights rights(Connection c, Settings s) throws SQLException {
    // pg_has_role fails on a role that does not exist: outside RDS the answers are false
    String member = s.rds() ? "pg_has_role(current_user, 'rds_replication', 'MEMBER')" : "false";
    String admin =
        s.rds()
            ? "pg_has_role(current_user, 'rds_replication', 'MEMBER WITH ADMIN OPTION')"
            : "false";
    try (PreparedStatement q =
            c.prepareStatement(
                "select r.rolsuper, r.rolcreaterole, r.rolreplication, "
                    + member
                    + ", "
                    + admin
                    + ","
                    + " has_database_privilege(current_database(), 'CREATE'),"
                    + " has_schema_privilege('public', 'CREATE')"
                    + " from pg_roles r where r.rolname = current_user");
        ResultSet rs = q.executeQuery()) {
      rs.next();
      return new Rights(
          rs.getBoolean(1),
          rs.getBoolean(2),
          rs.getBoolean(3),
          rs.getBoolean(4),
          rs.getBoolean(5),
          rs.getBoolean(6),
          rs.getBoolean(7));
    }
  }

  /**
   * The admin's rights for what SQL init will do with them: the pipeline's tables in schema public
   * and the publication (CREATE on the database), and the replication itself. Where the admin
   * replicates (AWS: Kafka Connect uses the admin's secret) it needs only to replicate:
   * REPLICATION, or on RDS, where no role is a superuser, membership of {@code rds_replication}.
   * Where it creates the pipeline's own replication user it needs CREATEROLE and the right to hand
   * replication on: the REPLICATION attribute needs a superuser before PostgreSQL 16 and, from 16,
   * an admin that has REPLICATION itself; {@code rds_replication} is granted by CREATEROLE alone
   * before 16 and, from 16, only with ADMIN OPTION on it.
   */
  private static List<Finding> admin(Connection c, DataPlaneAccess a, Settings s)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    Rights r = rights(c, s);
    String user = a.adminUser();
    if (a.replicatesAsAdmin()) {
      findings.add(replicates(a, s, r));
    } else {
      findings.add(createsReplicationUser(a, s, r));
    }
    if (r.superuser() || (r.createOnDb() && r.createInPublic())) {
      findings.add(
          Finding.ok(
              "database.admin.create",
              user + " may create the publication " + a.publicationName() + " and its tables"));
    } else {
      findings.add(
          Finding.blocker(
              "database.admin.create",
              user
                  + " may not create "
                  + (r.createOnDb()
                      ? "tables in schema public"
                      : "a publication in database " + a.database()),
              (r.createOnDb() ? "" : "GRANT CREATE ON DATABASE " + a.database() + " TO " + user)
                  + (r.createOnDb() || r.createInPublic() ? "" : "; ")
                  + (r.createInPublic() ? "" : "GRANT CREATE ON SCHEMA public TO " + user)));
    }
    return findings;
  }

  /** The admin replicates itself: no role is created, so CREATEROLE is not asked for. */
  private static Finding replicates(DataPlaneAccess a, Settings s, Rights r) {
    String user = a.adminUser();
    String check = "database.admin.replication";
    if (r.superuser() || r.replication() || r.rdsReplication()) {
      return Finding.ok(
          check,
          user
              + " may replicate"
              + (r.rdsReplication() && !r.superuser() && !r.replication()
                  ? " (member of rds_replication)"
                  : ""));
    }
    return Finding.blocker(
        check,
        user
            + " may not replicate: no REPLICATION attribute"
            + (s.rds() ? " and not a member of rds_replication" : "")
            + "; Kafka Connect replicates as "
            + user,
        s.rds()
            ? "as the master user: GRANT rds_replication TO " + user
            : "as a superuser: ALTER ROLE " + user + " REPLICATION");
  }

  /** The admin creates the pipeline's replication user and hands replication on to it. */
  private static Finding createsReplicationUser(DataPlaneAccess a, Settings s, Rights r) {
    String user = a.adminUser();
    String check = "database.admin.role";
    boolean since16 = s.versionNum() >= 160000;
    String lacks;
    String remedy;
    if (r.superuser()) {
      lacks = null;
      remedy = null;
    } else if (a.rdsReplicationRole()) {
      boolean grants = since16 ? r.rdsReplicationAdmin() : r.createRole();
      lacks =
          (r.createRole() ? "" : " (no CREATEROLE)")
              + (grants ? "" : " (no ADMIN OPTION on rds_replication)");
      remedy =
          "as the master user: "
              + (r.createRole() ? "" : "ALTER ROLE " + user + " CREATEROLE; ")
              + "GRANT rds_replication TO "
              + user
              + " WITH ADMIN OPTION";
      lacks = r.createRole() && grants ? null : lacks;
    } else {
      boolean grants = since16 && r.replication();
      lacks =
          (r.createRole() ? "" : " (no CREATEROLE)")
              + (grants
                  ? ""
                  : since16
                      ? " (no REPLICATION of its own to hand on)"
                      : " (before PostgreSQL 16 only a superuser gives REPLICATION)");
      remedy =
          since16
              ? "as a superuser: ALTER ROLE " + user + " CREATEROLE REPLICATION"
              : "set database.existing.user to a superuser";
      lacks = r.createRole() && grants ? null : lacks;
    }
    if (lacks == null) {
      return Finding.ok(check, user + " may create the replication user " + a.replicationUser());
    }
    return Finding.blocker(
        check,
        user
            + " may not create the replication user "
            + a.replicationUser()
            + " with "
            + (a.rdsReplicationRole() ? "rds_replication" : "REPLICATION")
            + lacks,
        remedy);
  }

  /**
   * Each captured table exists, can be keyed (a primary key, or REPLICA IDENTITY FULL or USING
   * INDEX) and may be published by the admin (who must own it).
   */
  private static List<Finding> tables(Connection c, DataPlaneAccess a) throws SQLException {
    List<Finding> findings = new ArrayList<>();
    for (String table : a.tables()) {
      String[] parts = table.split("\\.", 2);
      try (PreparedStatement s =
          c.prepareStatement(
              "select c.relreplident,"
                  + " exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary),"
                  + " pg_has_role(current_user, c.relowner, 'USAGE'), pg_get_userbyid(c.relowner),"
                  + " has_schema_privilege(n.oid, 'USAGE')"
                  + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                  + " where n.nspname = ? and c.relname = ? and c.relkind in ('r', 'p')")) {
        s.setString(1, parts[0]);
        s.setString(2, parts[1]);
        try (ResultSet rs = s.executeQuery()) {
          String check = "database.table";
          if (!rs.next()) {
            findings.add(
                Finding.blocker(
                    check,
                    table + " does not exist in database " + a.database(),
                    "create it, or remove it from tables in the spec"));
            continue;
          }
          String identity = rs.getString(1);
          boolean primaryKey = rs.getBoolean(2);
          boolean owns = rs.getBoolean(3);
          String owner = rs.getString(4);
          boolean schemaUsage = rs.getBoolean(5);
          boolean keyed = !"n".equals(identity) && !("d".equals(identity) && !primaryKey);
          if (!keyed) {
            findings.add(
                Finding.blocker(
                    check,
                    table
                        + " has no primary key"
                        + ("n".equals(identity) ? " and REPLICA IDENTITY NOTHING" : "")
                        + ": Debezium cannot key its events, and once published it refuses UPDATE"
                        + " and DELETE",
                    "ALTER TABLE " + table + " REPLICA IDENTITY FULL; (or add a primary key)"));
          } else if (!schemaUsage) { // the grants to the replication user need it too
            findings.add(
                Finding.blocker(
                    check,
                    a.adminUser() + " may not use schema " + parts[0] + " of " + table,
                    "GRANT USAGE ON SCHEMA " + parts[0] + " TO " + a.adminUser()));
          } else if (!owns) {
            findings.add(
                Finding.blocker(
                    check,
                    table + " belongs to " + owner + ": only its owner may publish it",
                    "ALTER TABLE "
                        + table
                        + " OWNER TO "
                        + a.adminUser()
                        + "; or set database.existing.user to "
                        + owner));
          } else {
            findings.add(
                Finding.ok(
                    check,
                    table
                        + (primaryKey && "d".equals(identity)
                            ? " has a primary key"
                            : " has REPLICA IDENTITY "
                                + ("f".equals(identity) ? "FULL" : "USING INDEX"))));
          }
        }
      }
    }
    return findings;
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
