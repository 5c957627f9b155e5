package io.cdcorchestrator.pipeline;

import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineState;
import io.cdcorchestrator.model.PipelineStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run per pipeline (workflow id {@code cdc-pipeline-<name>}): provision, reach READY, watch the
 * connector's health until {@link #destroy()}, then tear everything down in reverse and complete
 * with phase DESTROYED. A failure while provisioning compensates at once and fails with the cause.
 */
@WorkflowInterface
public interface PipelineWorkflow {

  /**
   * @param spec what to build
   * @param carried state carried across continue-as-new; null on the first run
   * @return the final status (phase DESTROYED)
   */
  @WorkflowMethod
  PipelineStatus run(PipelineSpec spec, PipelineState carried);

  /**
   * Tear the pipeline down: while provisioning this stops the current step and compensates.
   * Idempotent.
   */
  @SignalMethod
  void destroy();

  /**
   * Check health now rather than at the next interval (and repair what died). A worker that takes
   * over a host's sandbox pipelines sends it: their Kafka and Connect died with the worker before.
   */
  @SignalMethod
  void checkNow();

  @QueryMethod
  PipelineStatus status();
}
