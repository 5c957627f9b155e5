package io.cdcorchestrator.model;

import java.util.List;
import java.util.Map;

/**
 * What a pipeline's run hands to the next one at continue-as-new: the saga inventory included.
 * Fields added later are null (or 0) in the state of runs recorded before them, which {@code
 * restore} reads as their defaults.
 *
 * @param connector the state the workflow keeps the connector in (null: RUNNING)
 * @param restarts the automatic restarts so far
 * @param healthySince ISO-8601 workflow time since when the connector has been healthy (resets the
 *     restart counter after a while); null while it is not
 * @param lag the last measured lag
 * @param drift keys whose running value differs from what the workflow set
 * @param phaseEnteredMillis workflow time at which {@code phase} began (0 in states carried by runs
 *     that predate it), so the time-in-phase metric survives continue-as-new
 */
public record PipelineState(
    Phase phase,
    List<StepRecord> steps,
    List<ResourceRecord> inventory,
    Map<String, String> outputs,
    DataPlaneAccess access,
    String error,
    int runs,
    ConnectorState connector,
    Restarts restarts,
    String healthySince,
    Lag lag,
    List<String> drift,
    long phaseEnteredMillis) {

  /** The state of the fields that existed before the Day-2 changes. */
  public PipelineState(
      Phase phase,
      List<StepRecord> steps,
      List<ResourceRecord> inventory,
      Map<String, String> outputs,
      DataPlaneAccess access,
      String error,
      int runs) {
    this(phase, steps, inventory, outputs, access, error, runs, null, null, null, null, null, 0);
  }
}
