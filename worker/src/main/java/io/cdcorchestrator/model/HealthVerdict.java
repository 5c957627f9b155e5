package io.cdcorchestrator.model;

import io.cdcorchestrator.model.PipelineSpec.LagLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * What one health check means for a pipeline kept in {@code desired} state: its phase, why it is
 * not healthy, what drifted, the lag figures, and whether a restart is called for. A paused or
 * stopped pipeline is neither repaired nor judged by its lag (both grow by design).
 *
 * @param reason null when nothing is wrong
 * @param drift keys whose running value differs from what the workflow set: {@code
 *     connector.<config key>}, {@code connector.state} and, on AWS, {@code service.<attribute>}
 * @param failed a FAILED connector or task: the restart policy decides what to do
 */
public record HealthVerdict(
    Phase phase, String reason, List<String> drift, Lag lag, boolean failed) {

  public static final String STATE_DRIFT = "connector.state";
  private static final long MIB = 1L << 20;

  /**
   * @param serviceDrift AWS: the Kafka Connect service's attributes that differ; empty elsewhere
   */
  public static HealthVerdict judge(
      ConnectorHealth h, ConnectorState desired, LagLimits limits, List<String> serviceDrift) {
    List<String> drift = new ArrayList<>();
    h.configDrift().forEach(k -> drift.add("connector." + k));
    ConnectorState actual = ConnectorState.of(h.connectorState());
    if (actual != null && actual != desired) {
      drift.add(STATE_DRIFT);
    }
    serviceDrift.forEach(k -> drift.add("service." + k));
    Lag lag =
        new Lag(h.retainedWalBytes() < 0 ? null : h.retainedWalBytes(), h.lastEventAgeSeconds());

    List<String> reasons = new ArrayList<>();
    if (h.reason() != null) {
      reasons.add(h.reason());
    }
    if (desired != ConnectorState.RUNNING) {
      return new HealthVerdict(desired.phase(), join(reasons), drift, lag, false);
    }
    if (actual != null && actual != ConnectorState.RUNNING) {
      reasons.add(
          "connector is " + actual + ", expected RUNNING (cdc apply --reconcile resumes it)");
    }
    long walLimit = limits.maxRetainedWalMiB() * MIB;
    if (walLimit > 0 && h.retainedWalBytes() > walLimit) {
      reasons.add(
          "replication slot retains "
              + h.retainedWalBytes() / MIB
              + " MiB of WAL (limit "
              + limits.maxRetainedWalMiB()
              + " MiB)");
    }
    Long age = h.lastEventAgeSeconds();
    if (limits.maxEventAgeSeconds() > 0
        && age != null
        && actual == ConnectorState.RUNNING
        && age > limits.maxEventAgeSeconds()) {
      reasons.add(
          "newest change event is " + age + " s old (limit " + limits.maxEventAgeSeconds() + " s)");
    }
    return new HealthVerdict(
        reasons.isEmpty() ? Phase.READY : Phase.DEGRADED, join(reasons), drift, lag, h.failed());
  }

  private static String join(List<String> reasons) {
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }
}
