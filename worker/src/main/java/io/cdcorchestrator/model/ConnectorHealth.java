package io.cdcorchestrator.model;

import java.util.List;

/**
 * One health check of a READY pipeline.
 *
 * @param failedTasks ids of tasks in state FAILED
 * @param retainedWalBytes WAL the replication slot holds back, -1 when the slot is missing
 */
public record ConnectorHealth(
    String connectorState, List<Integer> failedTasks, long retainedWalBytes, String reason) {

  public boolean healthy() {
    return reason == null;
  }
}
