package io.cdcorchestrator.preflight;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.dataplane.DatabasePreflight;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.SecretRef;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.preflight.aws.AwsChecks;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * The checks of a spec's target, run by the workflow's first step ({@link PreflightActivitiesImpl})
 * and by {@code cdc preflight} alike, so both say the same. A target with nothing to check reports
 * one finding saying so. On AWS the SQL checks of an adopted database are the data plane's ({@code
 * up} runs them in its own step); {@link #fromShell} adds them where the shell can run them too.
 */
public final class Preflight {
  /** The finding that says where the SQL checks of an adopted database on AWS run. */
  public static final String DATABASE_SQL = "database.sql";

  private Preflight() {}

  /**
   * {@code cdc preflight}: {@link #check}, and on AWS with {@code database.existing} the SQL checks
   * of the database: from this shell when the data plane reaches it directly ({@code
   * dataPlaneAccess: direct}, so the shell is expected to, too); through the bastion they can only
   * run at {@code up}, which one INFO line says.
   */
  public static PreflightReport fromShell(PipelineSpec spec, AwsClients clients) {
    PreflightReport report = check(spec, clients);
    Existing.Database db = spec.existingDatabase();
    if (spec.target() != Target.AWS || db == null) {
      return report;
    }
    if (spec.aws().viaBastion()) {
      return report.with(
          List.of(
              Finding.info(
                  DATABASE_SQL,
                  "the database checks (wal_level, free replication slots and WAL senders, the"
                      + " admin's right to replicate and to publish, each captured table's key)"
                      + " run at up through the bastion, once it is up and before anything is"
                      + " created in the database")));
    }
    return endpoint(db, clients)
        .map(
            at ->
                report.with(
                    DatabasePreflight.check(
                        DataPlaneAccess.adoptedOnAws(
                            spec.name(),
                            db,
                            at.host(),
                            at.port(),
                            at.database(),
                            spec.tables(),
                            null))))
        .orElse(report);
  }

  private record Endpoint(String host, int port, String database) {}

  /**
   * Where the adopted database answers: its URL, or its RDS instance's endpoint; empty when the
   * instance has none (the AWS checks say why).
   */
  private static Optional<Endpoint> endpoint(Existing.Database db, AwsClients clients) {
    if (db.instanceId() == null) {
      return Optional.of(new Endpoint(db.host(), db.port(), db.databaseName()));
    }
    try {
      return clients
          .rds()
          .describeDBInstances(r -> r.dbInstanceIdentifier(db.instanceId()))
          .dbInstances()
          .stream()
          .filter(i -> i.endpoint() != null)
          .findFirst()
          .map(
              i ->
                  new Endpoint(
                      i.endpoint().address(),
                      i.endpoint().port(),
                      Optional.ofNullable(db.database())
                          .or(() -> Optional.ofNullable(i.dbName()))
                          .orElse(Existing.Database.DEFAULT_DATABASE)));
    } catch (DbInstanceNotFoundException e) {
      return Optional.empty();
    }
  }

  public static PreflightReport check(PipelineSpec spec, AwsClients clients) {
    if (spec.target() == Target.AWS) {
      return AwsChecks.run(spec.name(), spec.aws(), spec.existing(), clients);
    }
    Existing.Database db = spec.existingDatabase();
    if (db != null) { // the user's PostgreSQL: the data plane's database checks, from here
      return PreflightReport.of(
          DatabasePreflight.check(
              DataPlaneAccess.adopted(spec.name(), db, spec.tables(), SecretRef.NONE, null, null)));
    }
    return PreflightReport.of(
        List.of(
            Finding.ok(
                "sandbox",
                "the sandbox runs in the worker's JVM: PostgreSQL, Kafka and Kafka Connect need"
                    + " nothing from outside")));
  }
}
