package io.cdcorchestrator.model;

import java.util.List;

/**
 * One health check of a READY pipeline: facts, judged by the workflow (which knows the state it
 * keeps the connector in and the spec's lag limits).
 *
 * @param connectorState Kafka Connect's connector state, {@code MISSING} or {@code UNREACHABLE}
 * @param failedTasks ids of tasks in state FAILED
 * @param retainedWalBytes WAL the replication slot holds back, -1 when the slot is missing
 * @param reason what is broken (failed connector or tasks, a missing slot, an unreachable
 *     database); null when nothing is
 * @param lastEventAgeSeconds seconds since the newest change event; null when not measured
 * @param configDrift the connector config keys whose running value differs from the pipeline's
 */
public record ConnectorHealth(
    String connectorState,
    List<Integer> failedTasks,
    long retainedWalBytes,
    String reason,
    Long lastEventAgeSeconds,
    List<String> configDrift) {

  public ConnectorHealth {
    failedTasks = failedTasks == null ? List.of() : List.copyOf(failedTasks);
    configDrift = configDrift == null ? List.of() : List.copyOf(configDrift);
  }

  /** A check result of the fields that existed before lag and drift were measured. */
  public ConnectorHealth(
      String connectorState, List<Integer> failedTasks, long retainedWalBytes, String reason) {
    this(connectorState, failedTasks, retainedWalBytes, reason, null, null);
  }

  public boolean healthy() {
    return reason == null;
  }

  /** A FAILED connector or task: what an automatic restart is for. */
  public boolean failed() {
    return "FAILED".equals(connectorState) || !failedTasks.isEmpty();
  }
}
