package io.cdcorchestrator.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.PipelineSpec.LagLimits;
import io.cdcorchestrator.model.WatchWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The watch window's loop on a fake clock: when it checks, when it ends, and its heartbeats. */
class WatchLoopTest {
  private static final LagLimits LIMITS = new LagLimits(1024, 0);
  private static final long MIB = 1L << 20;

  private final List<Duration> slept = new ArrayList<>();
  private final List<Integer> beats = new ArrayList<>();

  private static ConnectorHealth running(long walBytes, long ageSeconds) {
    return new ConnectorHealth(
        "RUNNING", List.of(), walBytes, null, ageSeconds, List.of(), Map.of("RUNNING", 1), 1L, 2L);
  }

  private static ConnectorHealth taskFailed() {
    return new ConnectorHealth(
        "RUNNING",
        List.of(0),
        5 * MIB,
        "task 0 FAILED: boom",
        3L,
        List.of(),
        Map.of("FAILED", 1),
        1L,
        2L);
  }

  private static WatchWindow window(int maxChecks, ConnectorHealth baseline) {
    return new WatchWindow(ConnectorState.RUNNING, LIMITS, 60, maxChecks, baseline);
  }

  private WatchWindow.Result run(WatchWindow w, List<ConnectorHealth> answers) throws Exception {
    List<ConnectorHealth> left = new ArrayList<>(answers);
    Supplier<ConnectorHealth> check = () -> left.remove(0);
    return WatchLoop.run(w, check, beats::add, slept::add);
  }

  @Test
  void steady_checksTheWholeWindow_atTheInterval_andOnlyTheLagMoves() throws Exception {
    List<ConnectorHealth> answers = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      answers.add(running(i * MIB, i)); // WAL and event age grow, nothing else moves
    }
    WatchWindow.Result r = run(window(15, running(0, 0)), answers);

    assertEquals(15, r.checks());
    assertSame(answers.get(14), r.health(), "the last check's lag");
    assertEquals(14, slept.size(), "the first check at once, then one per interval");
    slept.forEach(d -> assertEquals(Duration.ofSeconds(60), d));
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), beats);
  }

  @Test
  void aFailedTask_endsTheWindowAtThatCheck() throws Exception {
    ConnectorHealth failed = taskFailed();
    WatchWindow.Result r =
        run(window(15, running(0, 0)), List.of(running(0, 1), running(0, 2), failed));

    assertEquals(3, r.checks());
    assertSame(failed, r.health());
    assertEquals(2, slept.size());
  }

  @Test
  void theWalLimitCrossed_endsTheWindow_asThePhaseChanges() throws Exception {
    WatchWindow.Result r =
        run(window(15, running(0, 0)), List.of(running(512 * MIB, 1), running(2048 * MIB, 2)));

    assertEquals(2, r.checks(), "DEGRADED by lag from the second check");
  }

  @Test
  void withoutABaseline_theFirstCheckEndsTheWindow_healthyOrNot() throws Exception {
    assertEquals(1, run(window(15, null), List.of(taskFailed())).checks());
    assertEquals(
        1, run(window(3, null), List.of(running(0, 0), running(0, 1), running(0, 2))).checks());
  }

  @Test
  void aSteadyFailure_isNotAMove_theWorkflowAlreadyActedOnIt() throws Exception {
    WatchWindow.Result r =
        run(window(3, taskFailed()), List.of(taskFailed(), taskFailed(), taskFailed()));
    assertEquals(3, r.checks());
  }

  @Test
  void aCancel_stopsTheLoopAtTheHeartbeatThatLearnsOfIt() {
    List<ConnectorHealth> answers = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      answers.add(running(0, i));
    }
    List<ConnectorHealth> left = new ArrayList<>(answers);
    RuntimeException cancelled = new RuntimeException("cancelled (ActivityCanceledException)");
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                WatchLoop.run(
                    window(15, running(0, 0)),
                    () -> left.remove(0),
                    done -> {
                      if (done == 3) {
                        throw cancelled;
                      }
                    },
                    slept::add));
    assertSame(cancelled, thrown);
    assertEquals(12, left.size(), "no check after the cancel");
    assertEquals(2, slept.size());
  }
}
