package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.existing.ExistingPostgres;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.model.preflight.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks and the SQL of an adopted database, against a real PostgreSQL this test starts itself:
 * refused with the remedy and nothing created while {@code wal_level=replica}; after the fix, the
 * pipeline's objects are created and dropped again, and the database is as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the second fixes what the first finds
class DatabasePreflightTest {
  @TempDir static Path dir;
  static ExistingPostgres db;

  @BeforeAll
  static void start() throws Exception {
    db = ExistingPostgres.start(dir.resolve("pgdata"), "replica");
    db.execute(
        "create table public.orders (id serial primary key, item text not null)",
        "insert into public.orders (item) values ('apple'), ('pear')",
        "create table public.audit_log (at timestamptz, what text)",
        "insert into public.audit_log values (now(), 'kept')");
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  static DataPlaneAccess access(String pipeline, List<String> tables) throws Exception {
    Path secret = Files.writeString(dir.resolve(pipeline + ".properties"), "password=s3cr3t-pw\n");
    return new DataPlaneAccess(
        pipeline,
        "127.0.0.1",
        db.port(),
        ExistingPostgres.DATABASE,
        "postgres",
        SecretRef.NONE,
        PipelineNames.replicationUser(pipeline),
        SecretRef.file(secret.toString(), "password"),
        false,
        null,
        null,
        PipelineNames.CONNECTOR_NAME,
        pipeline,
        PipelineNames.slotName(pipeline),
        PipelineNames.publicationName(pipeline),
        null,
        tables,
        false,
        true);
  }

  @Test
  @Order(1)
  void walLevelReplica_andATableWithoutKey_areBlockersWithTheirRemedy_andNothingIsCreated()
      throws Exception {
    assertEquals("replica", db.walLevel());
    Map<String, List<String>> before = db.snapshot();
    List<Finding> findings =
        DatabasePreflight.check(access("mine", List.of("public.orders", "public.audit_log")));

    Finding wal = only(findings, "database.wal_level");
    assertTrue(wal.blocks(), wal::line);
    assertTrue(wal.message().contains("wal_level is replica"), wal::line);
    assertEquals("ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL", wal.remedy());
    List<Finding> tables =
        findings.stream().filter(f -> f.check().equals("database.table")).toList();
    assertEquals(2, tables.size(), findings::toString);
    assertFalse(tables.get(0).blocks(), tables.get(0)::line); // orders has its primary key
    assertTrue(tables.get(1).blocks(), tables.get(1)::line);
    assertTrue(tables.get(1).message().startsWith("public.audit_log has no primary key"));
    assertEquals(
        "ALTER TABLE public.audit_log REPLICA IDENTITY FULL; (or add a primary key)",
        tables.get(1).remedy());
    assertFalse(only(findings, "database.reachable").blocks());
    assertFalse(only(findings, "database.admin.role").blocks()); // postgres is a superuser
    assertEquals(before, db.snapshot(), "preflight created nothing");
  }

  @Test
  @Order(2)
  void afterTheFix_objectsAreCreatedAndDroppedAgain_theUsersTablesAndRowsStay() throws Exception {
    db.execute("alter system set wal_level = logical");
    db.restart();
    assertEquals("logical", db.walLevel());
    DataPlaneAccess a = access("mine", List.of("public.orders"));
    List<Finding> findings = DatabasePreflight.check(a);
    assertTrue(findings.stream().noneMatch(Finding::blocks), findings::toString);

    Map<String, List<String>> before = db.snapshot();
    DataPlaneAccess other = access("theirs", List.of("public.orders"));
    try (Connection c = db.connect()) {
      SqlInit.init(c, a, "s3cr3t-pw");
      SqlInit.init(c, other, "s3cr3t-pw");
      db.execute(
          "select pg_create_logical_replication_slot('" + a.slotName() + "', 'pgoutput')",
          "select pg_create_logical_replication_slot('" + other.slotName() + "', 'pgoutput')");
      List<String> tables = db.snapshot().get("tables");
      assertTrue(tables.contains("public.cdc_mine_heartbeat"), tables::toString);
      assertFalse(tables.contains("public.inventory"), "no seed table in the user's database");
      assertTrue(db.snapshot().get("roles").contains("cdc_mine_replicator"));

      SqlInit.drop(c, a);
      Map<String, List<String>> after = db.snapshot();
      assertTrue(after.get("roles").contains("cdc_theirs_replicator"), "the other pipeline's");
      assertEquals(List.of(other.slotName()), after.get("slots"));
      SqlInit.drop(c, other);
    }
    assertEquals(before, db.snapshot(), "the database is as it was: roles, slots, tables, rows");
    assertEquals(List.of("1", "2"), db.query("select id::text from public.orders order by 1"));
  }

  /** The one finding of {@code check} (RdsRolesPreflightTest asks the same way). */
  static Finding only(List<Finding> findings, String check) {
    List<Finding> f = findings.stream().filter(x -> x.check().equals(check)).toList();
    assertEquals(1, f.size(), () -> check + " in " + findings);
    return f.get(0);
  }
}
