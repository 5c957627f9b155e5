package io.cdcorchestrator.preflight;

import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.temporal.activity.ActivityInterface;

/**
 * Read-only checks of what a spec needs from the place it runs in, before anything is created: the
 * workflow's first step and {@code cdc preflight} run the same ones (docs/REAL-AWS.md). Blockers
 * are findings, not failures: the workflow decides to stop, {@code cdc preflight} prints them.
 */
@ActivityInterface(namePrefix = "Preflight")
public interface PreflightActivities {
  /** Every check of the spec's target, in order; on AWS also the zones the stack goes into. */
  PreflightReport check(PipelineSpec spec);
}
