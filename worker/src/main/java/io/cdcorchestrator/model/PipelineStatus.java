package io.cdcorchestrator.model;

import java.util.List;
import java.util.Map;

/**
 * The answer of the {@code status} query and of {@code cdc status --json}: what users script
 * against, so fields are only added. Contains no secret: resources carry only non-secret attributes
 * and outputs are endpoints.
 */
public record PipelineStatus(
    String name,
    Target target,
    Phase phase,
    String workflowId,
    String runId,
    List<StepRecord> steps,
    List<ResourceStatus> resources,
    Map<String, String> outputs,
    String error) {

  /** A resource as listed by {@code cdc status}. */
  public record ResourceStatus(String type, String id, String state) {}
}
