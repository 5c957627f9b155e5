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

/**
 * The checks of a spec's target, run by the workflow's first step ({@link PreflightActivitiesImpl})
 * and by {@code cdc preflight} alike, so both say the same. A target with nothing to check reports
 * one finding saying so.
 */
public final class Preflight {
  private Preflight() {}

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
