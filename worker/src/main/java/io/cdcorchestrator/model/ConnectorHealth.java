package io.cdcorchestrator.model;

import java.util.List;
import java.util.Map;

/**
 * One health check of a READY pipeline.
 *
 * @param failedTasks ids of tasks in state FAILED
 * @param retainedWalBytes WAL the replication slot holds back, -1 when the slot is missing
 * @param retainedWalLimitBytes above this the check reports the slot (and the pipeline DEGRADED)
 * @param taskStates how many of the connector's tasks are in each Kafka Connect state
 * @param lastEventMillis broker timestamp of the newest event on the change topic; null when
 *     unknown (Kafka not reachable from the data-plane worker, or no event yet)
 * @param heartbeatMillis the same for Debezium's heartbeat table, which moves while the connector
 *     streams even when the captured table is idle
 */
public record ConnectorHealth(
    String connectorState,
    List<Integer> failedTasks,
    long retainedWalBytes,
    String reason,
    long retainedWalLimitBytes,
    Map<String, Integer> taskStates,
    Long lastEventMillis,
    Long heartbeatMillis) {

  /** Histories recorded before the lag fields existed carry only these. */
  public ConnectorHealth(
      String connectorState, List<Integer> failedTasks, long retainedWalBytes, String reason) {
    this(connectorState, failedTasks, retainedWalBytes, reason, 0, Map.of(), null, null);
  }

  public boolean healthy() {
    return reason == null;
  }
}
