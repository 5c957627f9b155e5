package io.cdcorchestrator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.PipelineSpec.LagLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthVerdictTest {
  private static final LagLimits LIMITS = new LagLimits(100, 60);
  private static final long MIB = 1L << 20;

  private static ConnectorHealth running(long wal, Long age) {
    return new ConnectorHealth("RUNNING", List.of(), wal, null, age, List.of());
  }

  @Test
  void belowTheLimits_ready_withTheFigures() {
    HealthVerdict v =
        HealthVerdict.judge(running(5 * MIB, 3L), ConnectorState.RUNNING, LIMITS, List.of());
    assertEquals(Phase.READY, v.phase());
    assertNull(v.reason());
    assertEquals(new Lag(5 * MIB, 3L), v.lag());
  }

  @Test
  void aboveEitherLimit_degraded_withTheFigure() {
    HealthVerdict wal =
        HealthVerdict.judge(running(150 * MIB, 3L), ConnectorState.RUNNING, LIMITS, List.of());
    assertEquals(Phase.DEGRADED, wal.phase());
    assertEquals("replication slot retains 150 MiB of WAL (limit 100 MiB)", wal.reason());
    HealthVerdict age =
        HealthVerdict.judge(running(MIB, 61L), ConnectorState.RUNNING, LIMITS, List.of());
    assertEquals("newest change event is 61 s old (limit 60 s)", age.reason());
    HealthVerdict off =
        HealthVerdict.judge(
            running(150 * MIB, 6100L), ConnectorState.RUNNING, new LagLimits(0, 0), List.of());
    assertEquals(Phase.READY, off.phase(), "0: no limit");
  }

  @Test
  void pausedByRequest_isPaused_notJudgedByLag_notRestarted() {
    ConnectorHealth paused = new ConnectorHealth("PAUSED", List.of(), 900 * MIB, null, 9999L, null);
    HealthVerdict v = HealthVerdict.judge(paused, ConnectorState.PAUSED, LIMITS, List.of());
    assertEquals(Phase.PAUSED, v.phase());
    assertNull(v.reason());
    assertEquals(List.of(), v.drift());
    assertFalse(v.failed());
  }

  @Test
  void aStateOrConfigChangedBehindTheWorkflowsBack_isDrift() {
    ConnectorHealth resumed =
        new ConnectorHealth("RUNNING", List.of(), MIB, null, 1L, List.of("poll.interval.ms"));
    HealthVerdict v =
        HealthVerdict.judge(resumed, ConnectorState.STOPPED, LIMITS, List.of("desiredCount"));
    assertEquals(
        List.of("connector.poll.interval.ms", "connector.state", "service.desiredCount"),
        v.drift());
    assertEquals(Phase.STOPPED, v.phase(), "the phase says what was asked for");

    HealthVerdict paused =
        HealthVerdict.judge(
            new ConnectorHealth("PAUSED", List.of(), MIB, null, 1L, null),
            ConnectorState.RUNNING,
            LIMITS,
            List.of());
    assertEquals(Phase.DEGRADED, paused.phase());
    assertTrue(
        paused.reason().startsWith("connector is PAUSED, expected RUNNING"), paused.reason());
    assertFalse(paused.failed(), "paused is not FAILED: no automatic restart");
  }

  @Test
  void aFailedTask_isDegradedAndCallsForARestart() {
    HealthVerdict v =
        HealthVerdict.judge(
            new ConnectorHealth("RUNNING", List.of(0), MIB, "task 0 FAILED: boom"),
            ConnectorState.RUNNING,
            LIMITS,
            List.of());
    assertEquals(Phase.DEGRADED, v.phase());
    assertEquals("task 0 FAILED: boom", v.reason());
    assertTrue(v.failed());
  }
}
