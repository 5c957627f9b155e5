package io.cdcorchestrator.model;

/**
 * What the pipeline workflow reports through {@code Workflow.getMetricsScope()} (replay-safe: it
 * emits nothing while a history replays), and what the worker's metrics read back out of the
 * Temporal SDK's reporter. Gauges, one per (pipeline, target[, phase]).
 */
public final class WorkflowMetricNames {
  /** Epoch seconds at which the pipeline entered the phase named by the {@link #PHASE} tag. */
  public static final String PHASE_ENTERED = "cdc_pipeline_phase_entered";

  /** Seconds from the workflow's start to READY, reported once when READY is first reached. */
  public static final String PROVISIONING_SECONDS = "cdc_pipeline_provisioning";

  /** Seconds spent in TEARING_DOWN, reported when the teardown ends (DESTROYED or FAILED). */
  public static final String TEARDOWN_SECONDS = "cdc_pipeline_teardown";

  /**
   * The WAL the spec's lag limits let the slot hold back (bytes; 0: no limit), each health check.
   */
  public static final String WAL_LIMIT_BYTES = "cdc_pipeline_wal_limit";

  public static final String PIPELINE = "pipeline";
  public static final String TARGET = "target";
  public static final String PHASE = "phase";

  private WorkflowMetricNames() {}
}
