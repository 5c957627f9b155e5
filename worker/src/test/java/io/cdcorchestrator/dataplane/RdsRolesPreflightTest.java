package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.existing.ExistingPostgres;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.model.preflight.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin's rights on an RDS-like database, against a real PostgreSQL (17) this test starts: RDS
 * has no superuser, and replication is membership of {@code rds_replication}, a plain role here
 * (the server RDS patches makes it replicate; plain PostgreSQL does not, so this tests what the
 * preflight judges and what SQL init then does with those rights, not the slot). Each judgement is
 * checked against what SQL init really does with the same rights.
 */
class RdsRolesPreflightTest {
  @TempDir static Path dir;
  static ExistingPostgres db;

  @BeforeAll
  static void start() throws Exception {
    db = ExistingPostgres.start(dir.resolve("pgdata"), "logical");
    db.execute(
        "create role rds_replication",
        "create role rds_superuser",
        "create schema sales",
        "create table sales.orders (id int primary key, item text)",
        "insert into sales.orders values (1, 'apple')");
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  /**
   * AWS: Kafka Connect replicates as the admin (its secret is the one ECS hands the task), so the
   * admin needs {@code rds_replication}, not CREATEROLE: a DBA's CDC user without it is fine.
   */
  @Test
  void adminThatReplicatesItself_needsRdsReplication_notCreateRole() throws Exception {
    db.execute("create role cdc_admin login");
    DataPlaneAccess a = access("shop", "cdc_admin", "cdc_admin", null);

    List<Finding> before = DatabasePreflight.check(a);
    Finding replication = DatabasePreflightTest.only(before, "database.admin.replication");
    assertTrue(replication.blocks(), replication::line);
    assertEquals("as the master user: GRANT rds_replication TO cdc_admin", replication.remedy());
    assertTrue(
        before.stream().noneMatch(f -> f.check().equals("database.admin.role")),
        "no role is created, so CREATEROLE is not asked for: " + before);
    Finding create = DatabasePreflightTest.only(before, "database.admin.create");
    assertTrue(create.blocks(), create::line);
    Finding table = DatabasePreflightTest.only(before, "database.table");
    assertEquals("GRANT USAGE ON SCHEMA sales TO cdc_admin", table.remedy());

    // what the master user (rds_superuser) runs, as the remedies say
    db.execute(
        "grant rds_replication to cdc_admin",
        "grant create on database " + ExistingPostgres.DATABASE + " to cdc_admin",
        "grant create, usage on schema public to cdc_admin",
        "grant usage on schema sales to cdc_admin",
        "alter table sales.orders owner to cdc_admin");
    List<Finding> after = DatabasePreflight.check(a);
    assertTrue(after.stream().noneMatch(Finding::blocks), after::toString);
    assertTrue(
        DatabasePreflightTest.only(after, "database.admin.replication")
            .message()
            .contains("rds_replication"),
        after::toString);

    Map<String, List<String>> clean = db.snapshot();
    try (Connection c = connectAs("cdc_admin")) {
      SqlInit.init(c, a, null); // what the preflight cleared works with exactly these rights
      assertEquals(List.of(a.publicationName()), db.query("select pubname from pg_publication"));
      assertEquals(clean.get("roles"), db.snapshot().get("roles"), "no role created");
      SqlInit.drop(c, a);
    }
    assertEquals(clean, db.snapshot(), "the database is as it was");
  }

  /**
   * The pipeline's own replication user on RDS: from PostgreSQL 16 CREATEROLE grants only roles
   * held WITH ADMIN OPTION, so membership of {@code rds_replication} alone cannot hand it on.
   */
  @Test
  void adminThatCreatesTheReplicationUser_needsAdminOptionOnRdsReplication() throws Exception {
    db.execute(
        "create role cdc_creator login createrole",
        "grant rds_replication to cdc_creator",
        "create schema crm authorization cdc_creator",
        "create table crm.customers (id int primary key)",
        "alter table crm.customers owner to cdc_creator",
        "grant create on database " + ExistingPostgres.DATABASE + " to cdc_creator",
        "grant create, usage on schema public to cdc_creator");
    Path secret = Files.writeString(dir.resolve("replication.properties"), "password=pw-1\n");
    DataPlaneAccess a =
        access(
            "crm",
            "cdc_creator",
            PipelineNames.replicationUser("crm"),
            SecretRef.file(secret.toString(), "password"));

    Finding role = DatabasePreflightTest.only(DatabasePreflight.check(a), "database.admin.role");
    assertTrue(role.blocks(), role::line);
    assertTrue(role.message().contains("no ADMIN OPTION on rds_replication"), role::line);
    assertEquals(
        "as the master user: GRANT rds_replication TO cdc_creator WITH ADMIN OPTION",
        role.remedy());
    Map<String, List<String>> clean = db.snapshot();
    try (Connection c = connectAs("cdc_creator")) {
      SQLException refused = assertThrows(SQLException.class, () -> SqlInit.init(c, a, "pw-1"));
      assertTrue(refused.getMessage().contains("rds_replication"), refused::getMessage);
    }
    assertEquals(clean, db.snapshot(), "the refused init left nothing");

    db.execute("grant rds_replication to cdc_creator with admin option");
    List<Finding> after = DatabasePreflight.check(a);
    assertFalse(DatabasePreflightTest.only(after, "database.admin.role").blocks(), after::toString);
    try (Connection c = connectAs("cdc_creator")) {
      SqlInit.init(c, a, "pw-1");
      assertEquals(
          List.of("rds_replication"),
          db.query(
              "select b.rolname from pg_auth_members m join pg_roles u on u.oid = m.member"
                  + " join pg_roles b on b.oid = m.roleid where u.rolname = '"
                  + a.replicationUser()
                  + "'"));
      SqlInit.drop(c, a);
    }
    assertEquals(clean, db.snapshot(), "the database is as it was");
  }

  private static Connection connectAs(String user) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), user, "");
  }

  private static DataPlaneAccess access(
      String pipeline, String admin, String replicationUser, SecretRef replicationPassword) {
    return new DataPlaneAccess(
        pipeline,
        "127.0.0.1",
        db.port(),
        ExistingPostgres.DATABASE,
        admin,
        SecretRef.NONE,
        replicationUser,
        replicationPassword == null ? SecretRef.NONE : replicationPassword,
        true,
        null,
        null,
        PipelineNames.CONNECTOR_NAME,
        pipeline,
        PipelineNames.slotName(pipeline),
        PipelineNames.publicationName(pipeline),
        null,
        List.of(pipeline.equals("shop") ? "sales.orders" : "crm.customers"),
        false,
        true);
  }
}
