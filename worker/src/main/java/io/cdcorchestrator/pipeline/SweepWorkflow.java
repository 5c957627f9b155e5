package io.cdcorchestrator.pipeline;

import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.SweepResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * {@code cdc sweep NAME --target aws} (workflow id {@code cdc-sweep-<name>}): finds everything
 * tagged for the pipeline (also what a terminated run left) and deletes it through the same
 * teardown as compensation and {@code destroy}.
 */
@WorkflowInterface
public interface SweepWorkflow {
  String WORKFLOW_ID_PREFIX = "cdc-sweep-";

  static String workflowId(String pipeline) {
    return WORKFLOW_ID_PREFIX + pipeline;
  }

  @WorkflowMethod
  SweepResult sweep(String pipeline);

  /** The teardown's steps so far. */
  @QueryMethod
  List<StepRecord> steps();
}
