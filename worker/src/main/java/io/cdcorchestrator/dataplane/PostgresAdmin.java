package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.model.DataPlaneAccess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/** Admin connections to the pipeline's database and the small queries the activities ask. */
final class PostgresAdmin {
  private PostgresAdmin() {}

  /** The admin password is resolved here, handed to the driver, and kept nowhere else. */
  static Connection connect(DataPlaneAccess access) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", access.adminUser());
    String password = SecretResolver.resolve(access.adminPassword());
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "60");
    p.setProperty("ApplicationName", "cdc-orchestrator");
    return DriverManager.getConnection(access.jdbcUrl(), p);
  }

  record ServerFacts(String version, String walLevel) {}

  static ServerFacts serverFacts(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "select current_setting('server_version'), current_setting('wal_level')");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return new ServerFacts(rs.getString(1), rs.getString(2));
    }
  }

  /** WAL the slot keeps from being recycled, in bytes; -1 when there is no such slot. */
  static long retainedWalBytes(Connection c, String slot) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint "
                + "from pg_replication_slots where slot_name = ?")) {
      s.setString(1, slot);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
