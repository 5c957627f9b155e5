package io.cdcorchestrator.model;

/**
 * One step of the pipeline's life as {@code cdc status} shows it.
 *
 * @param state RUNNING, COMPLETED, FAILED or CANCELLED
 * @param startedAt ISO-8601 workflow time
 */
public record StepRecord(
    String name,
    String state,
    int attempts,
    String startedAt,
    String endedAt,
    String resourceId,
    String detail) {

  public StepRecord ended(
      String newState, int attempts, String endedAt, String resourceId, String detail) {
    return new StepRecord(name, newState, attempts, startedAt, endedAt, resourceId, detail);
  }
}
