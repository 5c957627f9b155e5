package io.cdcorchestrator.model;

import java.util.List;
import java.util.Map;

/**
 * One health check of a READY pipeline: facts, judged by the workflow (which knows the state it
 * keeps the connector in and the spec's lag limits).
 *
 * @param connectorState Kafka Connect's connector state, {@code MISSING} or {@code UNREACHABLE}
 * @param failedTasks ids of tasks in state FAILED
 * @param retainedWalBytes WAL the replication slot holds back, -1 when the slot is missing
 * @param reason what is broken (failed connector or tasks, a missing slot, an unreachable
 *     database); null when nothing is
 * @param lastEventAgeSeconds seconds since the newest event on the pipeline's topics (change topics
 *     and Debezium's heartbeat topic, or the heartbeat row where Kafka is out of reach); null when
 *     not measured
 * @param configDrift the connector config keys whose running value differs from the pipeline's
 * @param taskStates how many of the connector's tasks are in each Kafka Connect state
 * @param lastEventMillis broker timestamp of the newest event on the captured tables' change
 *     topics; null when unknown (Kafka not reachable from the data-plane worker, or no event yet)
 * @param heartbeatMillis the same for Debezium's heartbeat topic, which moves while the connector
 *     streams even when the captured tables are idle
 */
public record ConnectorHealth(
    String connectorState,
    List<Integer> failedTasks,
    long retainedWalBytes,
    String reason,
    Long lastEventAgeSeconds,
    List<String> configDrift,
    Map<String, Integer> taskStates,
    Long lastEventMillis,
    Long heartbeatMillis) {

  public ConnectorHealth {
    failedTasks = failedTasks == null ? List.of() : List.copyOf(failedTasks);
    configDrift = configDrift == null ? List.of() : List.copyOf(configDrift);
    taskStates = taskStates == null ? Map.of() : Map.copyOf(taskStates);
  }

  /** A check result of the fields that existed before lag and drift were measured. */
  public ConnectorHealth(
      String connectorState, List<Integer> failedTasks, long retainedWalBytes, String reason) {
    this(connectorState, failedTasks, retainedWalBytes, reason, null, null);
  }

  /** A check result of the fields that existed before the metrics' task counts and clocks. */
  public ConnectorHealth(
      String connectorState,
      List<Integer> failedTasks,
      long retainedWalBytes,
      String reason,
      Long lastEventAgeSeconds,
      List<String> configDrift) {
    this(
        connectorState,
        failedTasks,
        retainedWalBytes,
        reason,
        lastEventAgeSeconds,
        configDrift,
        null,
        null,
        null);
  }

  public boolean healthy() {
    return reason == null;
  }

  /** A FAILED connector or task: what an automatic restart is for. */
  public boolean failed() {
    return "FAILED".equals(connectorState) || !failedTasks.isEmpty();
  }
}
