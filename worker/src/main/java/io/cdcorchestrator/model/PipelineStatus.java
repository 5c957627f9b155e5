package io.cdcorchestrator.model;

import java.util.List;
import java.util.Map;

/**
 * The answer of the {@code status} query and of {@code cdc status --json}: what users script
 * against, so fields are only added. Contains no secret: resources carry only non-secret attributes
 * and outputs are endpoints.
 *
 * @param tables the captured tables
 * @param restarts automatic restarts of a failed connector or task
 * @param lag the slot's retained WAL and the age of the newest change event, as last measured
 * @param drift the keys whose running value differs from what the workflow set ({@code cdc apply
 *     NAME --reconcile} puts them back)
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
    String error,
    List<String> tables,
    Restarts restarts,
    Lag lag,
    List<String> drift) {

  public PipelineStatus {
    tables = tables == null ? List.of() : List.copyOf(tables);
    restarts = restarts == null ? Restarts.NONE : restarts;
    lag = lag == null ? Lag.UNKNOWN : lag;
    drift = drift == null ? List.of() : List.copyOf(drift);
  }

  /** A status without the Day-2 fields (what the server alone knows of a run, older results). */
  public PipelineStatus(
      String name,
      Target target,
      Phase phase,
      String workflowId,
      String runId,
      List<StepRecord> steps,
      List<ResourceStatus> resources,
      Map<String, String> outputs,
      String error) {
    this(
        name,
        target,
        phase,
        workflowId,
        runId,
        steps,
        resources,
        outputs,
        error,
        null,
        null,
        null,
        null);
  }

  /** The same status with another phase and error (a run that closed without saying so). */
  public PipelineStatus closed(Phase closedPhase, String closedError) {
    return new PipelineStatus(
        name,
        target,
        closedPhase,
        workflowId,
        runId,
        steps,
        resources,
        outputs,
        closedError,
        tables,
        restarts,
        lag,
        drift);
  }

  /** The same status with the run's ids filled in where it had none. */
  public PipelineStatus withIds(String id, String run) {
    return new PipelineStatus(
        name,
        target,
        phase,
        workflowId == null ? id : workflowId,
        runId == null ? run : runId,
        steps,
        resources,
        outputs,
        error,
        tables,
        restarts,
        lag,
        drift);
  }

  /** A resource as listed by {@code cdc status}. */
  public record ResourceStatus(String type, String id, String state) {}
}
