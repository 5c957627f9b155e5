package io.cdcorchestrator.model;

import io.cdcorchestrator.model.PipelineSpec.LagLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One window of the watch: up to {@code maxChecks} health checks inside one data-plane activity,
 * the first at once and then one per interval, which ends early as soon as a check differs from
 * {@code baseline} in anything but the lag figures. Several checks per activity are what keeps the
 * watch under 1,500 Temporal actions per pipeline-day (docs/BENCHMARKS.md, "Fleet").
 *
 * @param desired the state the workflow keeps the connector in, judged as {@link HealthVerdict}
 *     judges it
 * @param lag the spec's lag limits: crossing one changes the phase, so it ends the window
 * @param intervalSeconds between two checks
 * @param maxChecks the window's length in checks, at least 1
 * @param baseline the check the workflow acted on last; null when it has none (after a
 *     continue-as-new, a change or a repair): its first check ends the window
 */
public record WatchWindow(
    ConnectorState desired,
    LagLimits lag,
    int intervalSeconds,
    int maxChecks,
    ConnectorHealth baseline) {

  /** About this long per window: 15 checks at the default 60 s interval. */
  public static final Duration LENGTH = Duration.ofMinutes(15);

  /**
   * A window heartbeats after each check; the SDK sends at most one heartbeat to the server per 0.8
   * × this (the data-plane worker's throttle is raised to match), so a 15-minute window costs about
   * 4 heartbeats, and a worker that died mid-window is noticed within this.
   */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * What a check answers and the window returns.
   *
   * @param health the last check
   * @param checks how many checks the window did
   */
  public record Result(ConnectorHealth health, int checks) {}

  /** Checks per window at {@code intervalSeconds}: about {@link #LENGTH}, at least 1. */
  public static int checksPerWindow(int intervalSeconds) {
    return (int) Math.max(1, LENGTH.toSeconds() / Math.max(1, intervalSeconds));
  }

  /** The heartbeat timeout of a window: longer than one interval, which it sleeps between beats. */
  public static Duration heartbeatTimeout(int intervalSeconds) {
    Duration twice = Duration.ofSeconds(2L * intervalSeconds);
    return twice.compareTo(HEARTBEAT_TIMEOUT) > 0 ? twice : HEARTBEAT_TIMEOUT;
  }

  /**
   * True when {@code h} differs from the baseline in anything but the lag figures, or there is no
   * baseline: then the first check is what {@code cdc status} and the phase are waiting for.
   */
  public boolean moved(ConnectorHealth h) {
    if (baseline == null) { // the workflow has no check to show yet (a new run, after a change)
      return true;
    }
    return !signature(baseline).equals(signature(h));
  }

  /** A check without its lag figures (WAL, event clocks): states, failures, drift, phase. */
  private Signature signature(ConnectorHealth h) {
    HealthVerdict v = HealthVerdict.judge(h, desired, lag, List.of());
    return new Signature(
        v.phase(),
        v.failed(),
        v.drift(),
        h.connectorState(),
        h.failedTasks(),
        h.taskStates(),
        Objects.toString(h.reason(), ""));
  }

  private record Signature(
      Phase phase,
      boolean failed,
      List<String> drift,
      String connectorState,
      List<Integer> failedTasks,
      Map<String, Integer> taskStates,
      String reason) {}
}
