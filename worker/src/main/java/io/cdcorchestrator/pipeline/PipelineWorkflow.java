package io.cdcorchestrator.pipeline;

import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineState;
import io.cdcorchestrator.model.PipelineStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run per pipeline (workflow id {@code cdc-pipeline-<name>}): provision, reach READY, watch the
 * connector's health until {@link #destroy()}, then tear everything down in reverse and complete
 * with phase DESTROYED. A failure while provisioning compensates at once and fails with the cause.
 *
 * <p>Changes to a running pipeline are Updates on this workflow, its one writer: each is checked by
 * its validator before it enters history (refused while provisioning, tearing down or during
 * another change; a bad request is refused naming the field), runs as steps with its compensation,
 * and answers with the status after it. Refusals and failures carry the types of {@link
 * ChangeRequest}.
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

  /** What {@link #apply} would do with {@code request}, without doing it. */
  @QueryMethod
  ChangePlan plan(ChangeRequest request);

  /** Kafka Connect's pause of the connector: no events until {@link #resume}; phase PAUSED. */
  @UpdateMethod(description = "Pause the connector (Kafka Connect's pause)")
  PipelineStatus pause();

  @UpdateValidatorMethod(updateName = "pause")
  void validatePause();

  /**
   * The connector runs again (FAILED instances restarted, the automatic-restart count reset); phase
   * READY.
   */
  @UpdateMethod(description = "Resume the connector (Kafka Connect's resume)")
  PipelineStatus resume();

  @UpdateValidatorMethod(updateName = "resume")
  void validateResume();

  /** Kafka Connect's stop: the connector releases its tasks, keeps config and offsets. */
  @UpdateMethod(description = "Stop the connector, releasing its tasks (Kafka Connect's stop)")
  PipelineStatus stop();

  @UpdateValidatorMethod(updateName = "stop")
  void validateStop();

  /**
   * Runs the spec change (and with {@code reconcile}, puts drifted settings back) as one durable
   * change; a failed step undoes what the change did before it.
   */
  @UpdateMethod(description = "Apply a spec change or put drifted settings back")
  PipelineStatus apply(ChangeRequest request);

  @UpdateValidatorMethod(updateName = "apply")
  void validateApply(ChangeRequest request);
}
