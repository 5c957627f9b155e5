package io.cdcorchestrator.pipeline;

import static io.cdcorchestrator.model.WorkflowMetricNames.PHASE;
import static io.cdcorchestrator.model.WorkflowMetricNames.PIPELINE;
import static io.cdcorchestrator.model.WorkflowMetricNames.TARGET;

import com.uber.m3.tally.Scope;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.WorkflowMetricNames;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * The phase as metrics, from workflow code. Only the workflow knows the phase, so it reports it
 * through {@link Workflow#getMetricsScope()}: that scope is silent while a history replays, so a
 * worker that replays a pipeline after a restart reports nothing twice, and it issues no command,
 * so calling it changes no history. The worker's metrics turn these reports into the phase gauges.
 */
final class PhaseMetrics {
  private PhaseMetrics() {}

  /** The current phase and when it began; repeated on every watch tick after a worker restart. */
  static void report(PipelineSpec spec, Phase phase, long enteredMillis) {
    scope(spec)
        .tagged(Map.of(PHASE, phase.name()))
        .gauge(WorkflowMetricNames.PHASE_ENTERED)
        .update(enteredMillis / 1000.0);
  }

  /** {@code from} ended now: provisioning's duration at READY, teardown's when it is over. */
  static void left(PipelineSpec spec, Phase from, Phase to, long enteredMillis, long nowMillis) {
    double seconds = (nowMillis - enteredMillis) / 1000.0;
    if (from == Phase.PROVISIONING && to == Phase.READY) {
      scope(spec).gauge(WorkflowMetricNames.PROVISIONING_SECONDS).update(seconds);
    } else if (from == Phase.TEARING_DOWN) {
      scope(spec).gauge(WorkflowMetricNames.TEARDOWN_SECONDS).update(seconds);
    }
  }

  /** The spec's limit on the WAL the slot holds back, beside the measured figure. */
  static void walLimit(PipelineSpec spec) {
    long mib = spec.lag() == null ? 0 : spec.lag().maxRetainedWalMiB();
    scope(spec).gauge(WorkflowMetricNames.WAL_LIMIT_BYTES).update(mib * 1024.0 * 1024.0);
  }

  private static Scope scope(PipelineSpec spec) {
    return Workflow.getMetricsScope()
        .tagged(Map.of(PIPELINE, spec.name(), TARGET, spec.target().id()));
  }
}
