package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.existing.ExistingPostgres;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.preflight.Preflight;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc preflight --target aws} with {@code database.existing} (Preflight.fromShell): the AWS
 * checks on moto, and the SQL checks of the database against a real PostgreSQL this test starts
 * ({@code wal_level=replica}, a table without a key), adopted by endpoint. {@code direct}: the
 * shell runs them and names each blocker; through the bastion it cannot reach a private database,
 * and one INFO line says the checks run at {@code up}.
 */
@ExtendWith(Moto.class)
class ShellDatabasePreflightMotoTest {
  @TempDir static Path dir;
  static ExistingPostgres db;

  private final AwsClients clients;

  ShellDatabasePreflightMotoTest(AwsClients clients) {
    this.clients = clients;
  }

  @BeforeAll
  static void start() throws Exception {
    db = ExistingPostgres.start(dir.resolve("pgdata"), "replica");
    db.execute("create table public.audit_log (at timestamptz, what text)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private static PipelineSpec spec(String access) {
    return PipelineSpec.aws(
            "h13p-shell",
            new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null, access)
                .withDefaults())
        .withTables(List.of("public.audit_log"))
        .withExisting(
            new Existing(new Existing.Database(db.jdbcUrl(), null, "postgres", null), null, null));
  }

  @Test
  void direct_theShellRunsTheSqlChecks_andNamesEachBlocker() {
    PreflightReport report = Preflight.fromShell(spec(AwsSpec.DIRECT), clients);
    Finding wal = only(report, "database.wal_level");
    assertTrue(wal.blocks(), wal.line());
    Finding table = only(report, "database.table");
    assertTrue(table.message().startsWith("public.audit_log has no primary key"), table.line());
    assertFalse(only(report, "database.reachable").blocks());
    assertTrue(
        report.findings().stream().anyMatch(f -> f.check().startsWith("aws.")),
        "and the AWS checks: " + report.findings());
    assertFalse(report.clear());
    assertTrue(
        Preflight.check(spec(AwsSpec.DIRECT), clients).findings().stream()
            .noneMatch(f -> f.check().startsWith("database.")),
        "the workflow's preflight step leaves them to the data plane's own");
  }

  @Test
  void throughTheBastion_oneInfoLine_saysTheyRunAtUp() {
    PreflightReport report = Preflight.fromShell(spec(AwsSpec.BASTION), clients);
    Finding info = only(report, Preflight.DATABASE_SQL);
    assertEquals(Finding.Severity.INFO, info.severity());
    assertTrue(info.line().startsWith("INFO database.sql: the database checks"), info.line());
    assertTrue(info.message().contains("run at up through the bastion"), info.line());
    assertTrue(
        report.findings().stream().noneMatch(f -> f.check().startsWith("database.wal_level")),
        "not run from the shell: " + report.findings());
  }

  private static Finding only(PreflightReport report, String check) {
    List<Finding> f = report.findings().stream().filter(x -> x.check().equals(check)).toList();
    assertEquals(1, f.size(), () -> check + " in " + report.findings());
    return f.get(0);
  }
}
