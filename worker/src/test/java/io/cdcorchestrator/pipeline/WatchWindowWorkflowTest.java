package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.WatchWindow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The watch in windows ({@link WatchWindow}, change id {@value PipelineWorkflowImpl#WATCH_WINDOW}):
 * a window's early answer is acted on as a check was, and a destroy, a {@code checkNow} or a change
 * does not wait for a window to end. The window double here either answers at once or holds its
 * answer (a window in progress) until the test lets it go.
 */
class WatchWindowWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private static final ConnectorHealth HEALTHY =
      new ConnectorHealth("RUNNING", List.of(), 1024, null, 2L, List.of());
  private static final ConnectorHealth TASK_FAILED =
      new ConnectorHealth("RUNNING", List.of(0), 1024, "task 0 FAILED: boom", 2L, List.of());

  private final ScriptedActivities acts = new ScriptedActivities();
  private final CountDownLatch windowStarted = new CountDownLatch(1);
  private final CountDownLatch releaseWindow = new CountDownLatch(1);
  private volatile boolean firstWindowAnswered;

  @AfterEach
  void release() {
    releaseWindow.countDown();
  }

  private PipelineWorkflow ready(TestWorkflowEnvironment env, Worker worker) throws Exception {
    worker.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    PipelineWorkflow wf =
        PipelineTestWorkflow.start(
            env, worker, PipelineSpec.of("w", Target.SANDBOX).withWatch(60, 100));
    PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
    return wf;
  }

  /** The first window stays in progress (as a real one does for 15 minutes); later ones answer. */
  private void firstWindowHolds() {
    acts.answer(
        "watchWindow",
        inv -> {
          if (acts.count("watchWindow") == 1) {
            windowStarted.countDown();
            releaseWindow.await(60, TimeUnit.SECONDS); // longer than the test waits for a result
            firstWindowAnswered = true;
          }
          return new WatchWindow.Result(HEALTHY, 1);
        });
  }

  private WatchWindow lastWindow() {
    return (WatchWindow) acts.lastArguments("watchWindow")[1];
  }

  @Test
  void aWindowThatEndsEarlyOnAFailedTask_degrades_andRestartsAsBefore(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    acts.answer(
        "watchWindow",
        inv ->
            acts.count("watchWindow") == 1
                ? new WatchWindow.Result(TASK_FAILED, 4) // the 4th check saw the task fail
                : new WatchWindow.Result(HEALTHY, 15));
    PipelineWorkflow wf = ready(env, worker);
    env.sleep(Duration.ofSeconds(61));

    PipelineStatus failed = wf.status();
    assertEquals(Phase.DEGRADED, failed.phase());
    assertEquals(1, acts.count("restartFailed"), "restarted at once, as a failed check was");
    assertEquals(1, failed.restarts().count());
    WatchWindow first = lastWindow();
    assertEquals(15, first.maxChecks(), "15 checks of 60 s per window");
    assertNull(first.baseline(), "nothing checked yet this run: a healthy check is expected");

    env.sleep(Duration.ofSeconds(60));
    assertEquals(Phase.READY, wf.status().phase(), "the next window found it healthy");
    assertNull(lastWindow().baseline(), "after a restart the next window reports its first check");
    assertEquals(0, acts.count("checkHealth"), "no check outside the windows");
    destroy(wf);

    // the run replays: the window path is deterministic
    WorkflowExecutionHistory history =
        env.getWorkflowClient().fetchHistory(PipelineNames.workflowId("w"));
    WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class);
    assertTrue(
        history.getEvents().stream()
            .anyMatch(
                e ->
                    e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
                        && e.getMarkerRecordedEventAttributes()
                            .getDetailsMap()
                            .toString()
                            .contains(PipelineWorkflowImpl.WATCH_WINDOW)),
        "the run records the window's version marker");
  }

  @Test
  void destroyDuringAWindow_doesNotWaitForIt_andTearsDown(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    firstWindowHolds();
    PipelineWorkflow wf = ready(env, worker);
    env.sleep(Duration.ofSeconds(61));
    assertTrue(windowStarted.await(20, TimeUnit.SECONDS), "the first window runs");

    destroy(wf);
    assertFalse(firstWindowAnswered, "destroyed while the window was still in progress");
    assertEquals(1, acts.count("deleteConnector"));
    assertEquals(1, acts.count("deleteWorkDirectory"));
    assertEquals(1, acts.count("watchWindow"), "no window after the destroy, and no retry");
  }

  @Test
  void checkNowDuringAWindow_leavesIt_andChecksAtOnce(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    firstWindowHolds();
    PipelineWorkflow wf = ready(env, worker);
    env.sleep(Duration.ofSeconds(61));
    assertTrue(windowStarted.await(20, TimeUnit.SECONDS), "the first window runs");

    wf.checkNow();
    awaitWindows(2, "a second window at once, the first still in progress");
    assertFalse(firstWindowAnswered, "the first still holds its answer");
    destroy(wf);
  }

  @Test
  void aPauseDuringAWindow_doesNotWaitForIt_andTheWatchGoesOnPaused(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    firstWindowHolds();
    PipelineWorkflow wf = ready(env, worker);
    env.sleep(Duration.ofSeconds(61));
    assertTrue(windowStarted.await(20, TimeUnit.SECONDS), "the first window runs");

    PipelineStatus paused = wf.pause(); // an Update
    assertFalse(firstWindowAnswered, "answered while the window was still in progress");
    assertEquals(Phase.PAUSED, paused.phase());
    assertEquals(1, acts.count("pauseConnector"));
    awaitWindows(2, "the watch checks right after the change");
    assertEquals(ConnectorState.PAUSED, lastWindow().desired(), "judged as a paused connector");
    destroy(wf);
  }

  private void awaitWindows(int n, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (acts.count("watchWindow") < n) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(what + ": " + acts.calls());
      }
      Thread.sleep(20);
    }
  }

  private static void destroy(PipelineWorkflow wf) throws Exception {
    wf.destroy();
    assertEquals(
        Phase.DESTROYED,
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class).phase());
  }
}
