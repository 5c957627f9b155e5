package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Day-2 changes as Updates on the pipeline workflow, with time skipping and Mockito activities:
 * pause/resume/stop, apply with tables, refusals before history, compensation of a failed step,
 * automatic restarts with backoff, drift and its reconcile, lag limits.
 */
class PipelineChangesTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private static final String ORDERS = "public.orders";

  private ScriptedActivities acts;

  private PipelineWorkflow start(
      TestWorkflowEnvironment env, Worker worker, ScriptedActivities scripted, PipelineSpec spec) {
    acts = scripted;
    worker.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    return PipelineTestWorkflow.start(env, worker, spec);
  }

  private PipelineWorkflow ready(
      TestWorkflowEnvironment env, Worker worker, ScriptedActivities scripted, PipelineSpec spec)
      throws InterruptedException {
    PipelineWorkflow wf = start(env, worker, scripted, spec);
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    return wf;
  }

  private static PipelineStatus awaitStatus(PipelineWorkflow wf, Predicate<PipelineStatus> c)
      throws InterruptedException {
    return PipelineTestWorkflow.awaitStatus(wf, "condition not reached", c);
  }

  private static PipelineSpec sandbox(String name) {
    return PipelineSpec.of(name, Target.SANDBOX).withWatch(60, 100);
  }

  /** The failure an update answered with. */
  private static ApplicationFailure refusal(Runnable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update::run);
    return assertInstanceOf(ApplicationFailure.class, e.getCause());
  }

  private static void destroy(PipelineWorkflow wf) throws Exception {
    wf.destroy();
    assertEquals(
        Phase.DESTROYED,
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class).phase());
  }

  /**
   * The {@code n} calls from the last {@code first} on (the watch checks right after a change, so
   * what follows is not the change's).
   */
  private List<String> calls(String first, int n) {
    List<String> all = acts.calls();
    int from = all.lastIndexOf(first);
    return all.subList(from, Math.min(all.size(), from + n));
  }

  @Test
  void pause_thenResume_movesTheConnector_andTheWatchKeepsItPaused(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    // the connector is PAUSED after the pause, RUNNING again after the resume
    scripted.answer(
        "checkHealth",
        inv ->
            new ConnectorHealth(
                scripted.count("pauseConnector") > scripted.count("resumeConnector")
                    ? "PAUSED"
                    : "RUNNING",
                List.of(),
                1024,
                null,
                500L, // the event age grows while paused: not judged then
                List.of()));
    PipelineWorkflow wf =
        ready(env, worker, scripted, sandbox("p").withLag(new PipelineSpec.LagLimits(1024, 60)));

    PipelineStatus paused = wf.pause();
    assertEquals(Phase.PAUSED, paused.phase());
    assertEquals(List.of("pauseConnector", "awaitConnectorState"), calls("pauseConnector", 2));
    env.sleep(Duration.ofMinutes(3));
    PipelineStatus watched = wf.status();
    assertEquals(Phase.PAUSED, watched.phase(), "the watch keeps it paused: " + watched);
    assertNull(watched.error());
    assertEquals(List.of(), watched.drift());
    assertEquals(0, acts.count("restartFailed"));
    assertEquals(500L, watched.lag().lastEventAgeSeconds());

    assertEquals(Phase.PAUSED, wf.pause().phase(), "pausing a paused pipeline is a no-op");
    assertEquals(1, acts.count("pauseConnector"));

    PipelineStatus resumed = wf.resume();
    assertEquals(Phase.READY, resumed.phase());
    assertEquals(1, acts.count("resumeConnector"));

    PipelineStatus stopped = wf.stop();
    assertEquals(Phase.STOPPED, stopped.phase());
    assertEquals(1, acts.count("stopConnector"));
    destroy(wf);
  }

  @Test
  void aChangeWhileProvisioning_isRefusedBeforeItEntersHistory(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities().neverReady("awaitConnectorRunning"),
            sandbox("r"));
    awaitStatus(
        wf,
        s ->
            s.steps().stream()
                .anyMatch(
                    x -> x.name().equals("awaitConnectorRunning") && x.state().equals("RUNNING")));

    ApplicationFailure f = refusal(wf::pause);
    assertEquals(ChangeRequest.REFUSED, f.getType());
    assertEquals(
        "pause refused: pipeline r is PROVISIONING: changes wait until it is READY",
        f.getOriginalMessage());
    assertFalse(
        env.getWorkflowClient().fetchHistory(PipelineNames.workflowId("r")).getEvents().stream()
            .anyMatch(
                e ->
                    e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
                        || e.getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
        "a rejected update leaves no event");
    assertEquals(0, acts.count("pauseConnector"));
    destroy(wf);
  }

  @Test
  void aPauseThatDoesNotTakeHold_isUndone_andFailsSayingSo(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    scripted.answer(
        "awaitConnectorState",
        inv -> {
          if (inv.getArgument(1) == ConnectorState.PAUSED) {
            throw ApplicationFailure.newNonRetryableFailure(
                "task 0 FAILED: boom", "NotReadyTerminal");
          }
          return new io.cdcorchestrator.model.Readiness(1, "running");
        });
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("u"));

    ApplicationFailure f = refusal(wf::pause);
    assertEquals(ChangeRequest.FAILED, f.getType());
    assertEquals(
        "connector inventory-connector did not become PAUSED (task 0 FAILED: boom); put back to"
            + " RUNNING",
        f.getOriginalMessage());
    assertEquals(1, acts.count("resumeConnector"), "the compensation");
    PipelineStatus after = wf.status();
    assertEquals(Phase.READY, after.phase());
    assertTrue(
        after.steps().stream()
            .anyMatch(s -> s.name().equals("awaitConnectorPaused") && s.state().equals("FAILED")),
        after.steps()::toString);
    destroy(wf);
  }

  @Test
  void applyAddingATable_checksPublishesUpdatesSnapshots_inOrder_andCarriesItAcrossRuns(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        ready(env, worker, new ScriptedActivities(), sandbox("t").withWatch(60, 2));
    PipelineSpec desired = sandbox("t").withTables(List.of(PipelineNames.CAPTURED_TABLE, ORDERS));

    ChangePlan plan = wf.plan(new ChangeRequest(desired, false));
    assertEquals(1, plan.changes().size(), plan::toString);
    assertEquals("tables", plan.changes().get(0).key());
    assertEquals("[public.inventory, public.orders]", plan.changes().get(0).to());
    assertTrue(plan.refusals().isEmpty());

    PipelineStatus applied = wf.apply(new ChangeRequest(desired, false));
    assertEquals(List.of(PipelineNames.CAPTURED_TABLE, ORDERS), applied.tables());
    assertEquals(
        List.of(
            "checkTables",
            "publishTables",
            "registerConnector",
            "awaitConnectorRunning",
            "requestSnapshot",
            "awaitSnapshot"),
        calls("checkTables", 6));
    // the snapshot is asked for the new table alone, with the access of the new list
    verifyAccessTables("requestSnapshot", List.of(PipelineNames.CAPTURED_TABLE, ORDERS));
    assertTrue(wf.plan(new ChangeRequest(desired, false)).empty(), "nothing left to do");

    env.sleep(Duration.ofMinutes(3));
    PipelineStatus next = wf.status();
    assertNotEquals(applied.runId(), next.runId(), "continued as new");
    assertEquals(List.of(PipelineNames.CAPTURED_TABLE, ORDERS), next.tables());
    assertTrue(wf.plan(new ChangeRequest(desired, false)).empty(), "the spec carried too");
    destroy(wf);
  }

  private void verifyAccessTables(String method, List<String> tables) {
    DataPlaneAccess a = acts.lastArgument(method);
    assertEquals(tables, a.tables());
  }

  @Test
  void aTableWithoutAKey_isRefusedBeforeAnythingChanges(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    scripted.answer(
        "checkTables",
        inv -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "public.orders has no primary key: Debezium cannot key its events", "TableRefused");
        });
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("k"));
    PipelineSpec desired = sandbox("k").withTables(List.of(PipelineNames.CAPTURED_TABLE, ORDERS));

    ApplicationFailure f = refusal(() -> wf.apply(new ChangeRequest(desired, false)));
    assertEquals(ChangeRequest.REFUSED, f.getType());
    assertEquals(
        "refused: public.orders has no primary key: Debezium cannot key its events; nothing was"
            + " changed",
        f.getOriginalMessage());
    assertEquals(0, acts.count("publishTables"));
    assertEquals(1, acts.count("registerConnector"), "only the one from provisioning");
    assertEquals(List.of(PipelineNames.CAPTURED_TABLE), wf.status().tables());
    destroy(wf);
  }

  @Test
  void aSnapshotThatIsAborted_undoesTheConnectorAndThePublication_newestFirst(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities scripted =
        new ScriptedActivities()
            .answer(
                "awaitSnapshot",
                inv -> {
                  throw ApplicationFailure.newNonRetryableFailure(
                      "incremental snapshot signal-1 of [public.orders] ABORTED",
                      "NotReadyTerminal");
                });
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("a"));
    PipelineSpec desired = sandbox("a").withTables(List.of(PipelineNames.CAPTURED_TABLE, ORDERS));

    ApplicationFailure f = refusal(() -> wf.apply(new ChangeRequest(desired, false)));
    assertEquals(ChangeRequest.FAILED, f.getType());
    assertEquals(
        "apply failed: incremental snapshot signal-1 of [public.orders] ABORTED; undone:"
            + " connector tables back to [public.inventory], publication back to"
            + " [public.inventory]",
        f.getOriginalMessage());
    List<String> undo = calls("awaitSnapshot", 4);
    assertEquals(
        List.of("awaitSnapshot", "registerConnector", "awaitConnectorRunning", "publishTables"),
        undo);
    verifyAccessTables("publishTables", List.of(PipelineNames.CAPTURED_TABLE));
    assertEquals(List.of(PipelineNames.CAPTURED_TABLE), wf.status().tables());
    destroy(wf);
  }

  @Test
  void invalidOrReplacingChanges_areRefusedByTheValidator_naming_theField(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = ready(env, worker, new ScriptedActivities(), sandbox("v"));

    ApplicationFailure bad =
        refusal(
            () -> wf.apply(new ChangeRequest(sandbox("v").withTables(List.of("orders")), false)));
    assertEquals(ChangeRequest.INVALID, bad.getType());
    assertTrue(bad.getOriginalMessage().startsWith("tables: 'orders' is not a table name"));

    ApplicationFailure target =
        refusal(() -> wf.apply(new ChangeRequest(PipelineSpec.of("v", Target.AWS), false)));
    assertEquals(ChangeRequest.REFUSED, target.getType());
    assertTrue(target.getOriginalMessage().startsWith("target: a pipeline stays on its target"));

    wf.pause();
    ApplicationFailure paused =
        refusal(
            () ->
                wf.apply(
                    new ChangeRequest(
                        sandbox("v").withTables(List.of(PipelineNames.CAPTURED_TABLE, ORDERS)),
                        false)));
    assertEquals(ChangeRequest.REFUSED, paused.getType());
    assertTrue(paused.getOriginalMessage().contains("cdc resume v first"), paused::toString);
    assertEquals(0, acts.count("checkTables"));
    destroy(wf);
  }

  @Test
  void watchIntervalAndLagLimits_applyWithoutAnActivity(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    scripted.answer(
        "checkHealth",
        inv -> new ConnectorHealth("RUNNING", List.of(), 600L << 20, null, 5L, List.of()));
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("l"));
    env.sleep(Duration.ofSeconds(61));
    assertEquals(Phase.READY, wf.status().phase(), "600 MiB is below the default 1024");

    PipelineStatus applied =
        wf.apply(
            new ChangeRequest(
                sandbox("l").withWatch(10, 100).withLag(new PipelineSpec.LagLimits(512, 300)),
                false));
    assertEquals(Phase.READY, applied.phase());
    int checks = acts.count("checkHealth");
    env.sleep(Duration.ofSeconds(25));
    PipelineStatus degraded = wf.status();
    assertTrue(acts.count("checkHealth") >= checks + 2, "checks every 10 s now");
    assertEquals(Phase.DEGRADED, degraded.phase());
    assertEquals("replication slot retains 600 MiB of WAL (limit 512 MiB)", degraded.error());
    assertEquals(600L << 20, degraded.lag().retainedWalBytes());
    assertEquals(5L, degraded.lag().lastEventAgeSeconds());
    destroy(wf);
  }

  @Test
  void aFailedTask_isRestartedWithGrowingDelays_thenGivenUp_andResumeStartsCountingAgain(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    scripted.answer(
        "checkHealth",
        inv -> new ConnectorHealth("RUNNING", List.of(0), 1024, "task 0 FAILED: boom", 1L, null));
    PipelineWorkflow wf =
        ready(
            env,
            worker,
            scripted,
            sandbox("b").withAutoRestart(new PipelineSpec.AutoRestart(true, 3)));
    Instant readyAt = Instant.ofEpochMilli(env.currentTimeMillis());

    env.sleep(Duration.ofSeconds(61)); // first failed check: restarted at once
    assertEquals(1, acts.count("restartFailed"));
    PipelineStatus first = wf.status();
    assertEquals(Phase.DEGRADED, first.phase());
    assertEquals(1, first.restarts().count());
    Instant last = Instant.parse(first.restarts().last());
    assertAbout(readyAt.plus(Duration.ofSeconds(60)), last, "the first check after READY");

    env.sleep(Duration.ofSeconds(90)); // inside the 2 min backoff: waiting
    assertEquals(1, acts.count("restartFailed"));
    PipelineStatus waiting = wf.status();
    assertEquals(last.plus(Duration.ofMinutes(2)).toString(), waiting.restarts().next());
    assertTrue(waiting.error().contains("automatic restart 2 due at"), waiting.error());

    env.sleep(Duration.ofSeconds(45)); // the second restart falls due 2 min after the first
    assertEquals(2, acts.count("restartFailed"));
    Instant second = Instant.parse(wf.status().restarts().last());
    assertAbout(last.plus(Duration.ofMinutes(2)), second, "woken for it, not at the next check");

    env.sleep(Duration.ofMinutes(6)); // then 6 min after the second
    assertEquals(3, acts.count("restartFailed"));
    assertAbout(
        second.plus(Duration.ofMinutes(6)), Instant.parse(wf.status().restarts().last()), "third");

    env.sleep(Duration.ofMinutes(30)); // the limit of 3 reached: DEGRADED, no more restarts
    assertEquals(3, acts.count("restartFailed"));
    PipelineStatus gaveUp = wf.status();
    assertEquals(Phase.DEGRADED, gaveUp.phase());
    assertEquals(
        "task 0 FAILED: boom; gave up after 3 automatic restarts (cdc resume b restarts it)",
        gaveUp.error());
    assertNull(gaveUp.restarts().next());

    String details =
        WorkflowStub.fromTyped(wf)
            .query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class)
            .getCurrentDetails();
    assertTrue(
        details.contains("gave up after 3 automatic restarts")
            && details.contains("restarts: 3 (last "),
        "the Web UI's current details carry the count and the last restart: " + details);

    assertEquals(0, wf.resume().restarts().count(), "a restart by hand resets the count");
    assertEquals(1, acts.count("resumeConnector"));
    destroy(wf);
  }

  /** Within a second: the restart is recorded when its activity has been scheduled. */
  private static void assertAbout(Instant expected, Instant actual, String what) {
    assertTrue(
        Math.abs(Duration.between(expected, actual).toMillis()) < 1000,
        what + ": expected about " + expected + ", was " + actual);
  }

  @Test
  void theRestartCount_resetsAfterAnHourHealthy(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    scripted.answer(
        "checkHealth",
        inv ->
            scripted.count("checkHealth") == 1
                ? new ConnectorHealth("RUNNING", List.of(0), 1024, "task 0 FAILED: boom")
                : new ConnectorHealth("RUNNING", List.of(), 1024, null));
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("c"));
    env.sleep(Duration.ofSeconds(61));
    assertEquals(1, wf.status().restarts().count());
    env.sleep(Duration.ofMinutes(30));
    assertEquals(1, wf.status().restarts().count(), "healthy for 30 min: still counted");
    assertEquals(Phase.READY, wf.status().phase());
    env.sleep(Duration.ofMinutes(32));
    assertEquals(0, wf.status().restarts().count(), "healthy for an hour: reset");
    destroy(wf);
  }

  @Test
  void configChangedBehindTheWorkflowsBack_showsAsDrift_andReconcilePutsItBack(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    // drifted until the connector is registered again (provisioning registered it once)
    scripted.answer(
        "checkHealth",
        inv ->
            new ConnectorHealth(
                "RUNNING",
                List.of(),
                1024,
                null,
                1L,
                scripted.count("registerConnector") < 2 ? List.of("poll.interval.ms") : List.of()));
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("d"));
    env.sleep(Duration.ofSeconds(61));
    PipelineStatus drifted = wf.status();
    assertEquals(List.of("connector.poll.interval.ms"), drifted.drift());
    assertEquals(Phase.READY, drifted.phase(), "drift alone does not degrade");

    ChangePlan plan = wf.plan(ChangeRequest.reconcileOnly());
    assertEquals(List.of("connector.poll.interval.ms"), plan.drift());

    PipelineStatus reconciled = wf.apply(ChangeRequest.reconcileOnly());
    assertEquals(List.of(), reconciled.drift());
    assertEquals(2, acts.count("registerConnector"));
    assertTrue(
        reconciled.steps().stream()
            .anyMatch(s -> s.name().equals("reconcileConnector") && s.state().equals("COMPLETED")));
    destroy(wf);
  }

  @Test
  void aConnectorPausedBehindTheWorkflowsBack_isStateDrift_andDegraded(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    scripted.answer(
        "checkHealth",
        inv ->
            new ConnectorHealth(
                scripted.count("resumeConnector") == 0 ? "PAUSED" : "RUNNING",
                List.of(),
                1024,
                null,
                1L,
                List.of()));
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("s"));
    env.sleep(Duration.ofSeconds(61));
    PipelineStatus drifted = wf.status();
    assertEquals(List.of("connector.state"), drifted.drift());
    assertEquals(Phase.DEGRADED, drifted.phase());
    assertEquals(0, acts.count("restartFailed"), "a paused connector is not restarted");

    PipelineStatus reconciled = wf.apply(ChangeRequest.reconcileOnly());
    assertEquals(1, acts.count("resumeConnector"));
    assertEquals(List.of(), reconciled.drift());
    assertEquals(Phase.READY, reconciled.phase());
    destroy(wf);
  }

  @Test
  void destroyDuringAChange_undoesTheChange_thenTearsDown(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities scripted = new ScriptedActivities().neverReady("awaitSnapshot");
    PipelineWorkflow wf = ready(env, worker, scripted, sandbox("x"));
    PipelineSpec desired = sandbox("x").withTables(List.of(PipelineNames.CAPTURED_TABLE, ORDERS));
    var handle =
        WorkflowStub.fromTyped(wf)
            .startUpdate(
                "apply",
                io.temporal.client.WorkflowUpdateStage.ACCEPTED,
                PipelineStatus.class,
                new ChangeRequest(desired, false));
    awaitStatus(wf, s -> s.steps().stream().anyMatch(x -> x.name().equals("awaitSnapshot")));
    wf.destroy();
    assertThrows(Exception.class, handle::getResult);
    PipelineStatus done =
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
    assertEquals(Phase.DESTROYED, done.phase());
    List<String> calls = acts.calls();
    assertTrue(
        calls.lastIndexOf("publishTables") < calls.indexOf("deleteConnector"),
        "the change is undone before teardown: " + calls);
  }
}
