package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.Target;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline lifecycle with time skipping and Mockito activities. */
class PipelineWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      PipelineTestWorkflow.extensionWithoutSiblingCancel();

  /** The order the workflow records its resources in. */
  static final List<String> CREATION_ORDER =
      List.of(
          "createWorkDirectory",
          "createPostgres",
          "createKafka",
          "createConnect",
          "initDatabase",
          "registerConnector");

  /** create → its compensation. */
  static final Map<String, String> COMPENSATION =
      Map.of(
          "createWorkDirectory", "deleteWorkDirectory",
          "createPostgres", "deletePostgres",
          "createKafka", "deleteKafka",
          "createConnect", "deleteConnect",
          "initDatabase", "dropDatabaseObjects",
          "registerConnector", "deleteConnector");

  private ScriptedActivities acts;

  private PipelineWorkflow start(
      TestWorkflowEnvironment env, Worker worker, ScriptedActivities scripted, PipelineSpec spec) {
    acts = scripted;
    worker.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    return PipelineTestWorkflow.start(env, worker, spec);
  }

  private static PipelineStatus awaitStatus(
      PipelineWorkflow wf, Predicate<PipelineStatus> condition) throws InterruptedException {
    return PipelineTestWorkflow.awaitStatus(wf, "condition not reached", condition);
  }

  private static PipelineStatus result(PipelineWorkflow wf)
      throws java.util.concurrent.TimeoutException {
    return WorkflowStub.fromTyped(wf)
        .getResult(30, java.util.concurrent.TimeUnit.SECONDS, PipelineStatus.class);
  }

  private static boolean running(PipelineStatus s, String step) {
    return s.steps().stream().anyMatch(x -> x.name().equals(step) && x.state().equals("RUNNING"));
  }

  /**
   * The creates that were called, newest first in the workflow's order (parallel branches record
   * their resources in program order, whatever order the worker happens to run them in), mapped to
   * their compensations: exactly what teardown must run.
   */
  private List<String> expectedCompensations() {
    List<String> expected = new ArrayList<>();
    for (String create : CREATION_ORDER) {
      if (acts.calls().contains(create)) {
        expected.add(0, COMPENSATION.get(create));
      }
    }
    return expected;
  }

  private List<String> compensationsCalled() {
    return acts.calls().stream().filter(COMPENSATION::containsValue).toList();
  }

  @Test
  void happyPath_provisionsInOrder_watches_thenDestroysInReverse(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(env, worker, new ScriptedActivities(), PipelineSpec.of("demo", Target.SANDBOX));

    PipelineStatus ready = awaitStatus(wf, s -> s.phase() == Phase.READY);
    assertEquals("jdbc:postgresql://127.0.0.1:54321/inventory", ready.outputs().get("jdbcUrl"));
    assertEquals("127.0.0.1:19092", ready.outputs().get("kafkaBootstrap"));
    assertEquals("http://127.0.0.1:18083", ready.outputs().get("connectUrl"));
    assertEquals("demo.public.inventory", ready.outputs().get("changeTopic"));
    assertEquals("inventory-connector", ready.outputs().get("connectorName"));
    assertEquals(
        List.of(
            ResourceTypes.SANDBOX_WORKDIR,
            ResourceTypes.SANDBOX_POSTGRES,
            ResourceTypes.SANDBOX_KAFKA,
            ResourceTypes.SANDBOX_CONNECT,
            ResourceTypes.DB_CDC_OBJECTS,
            ResourceTypes.CONNECTOR),
        ready.resources().stream().map(PipelineStatus.ResourceStatus::type).toList());
    assertTrue(
        ready.steps().stream().allMatch(s -> s.state().equals("COMPLETED")),
        ready.steps().toString());
    assertEquals("cdc-pipeline-demo", ready.workflowId());
    assertFalse(ready.toString().contains("password="), "no secret in status");
    // what the Web UI shows under "Current details"
    String details =
        WorkflowStub.fromTyped(wf)
            .query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class)
            .getCurrentDetails();
    assertTrue(details.startsWith("Phase **READY**"), details);
    assertTrue(
        details.contains("| proveCdc | COMPLETED | 1 | canary arrived via kafka in 120 ms |"),
        details);

    // the watch phase checks health on a durable timer; destroy after five simulated minutes
    env.registerDelayedCallback(Duration.ofMinutes(5).plusSeconds(1), wf::destroy);
    PipelineStatus done = result(wf);

    assertEquals(Phase.DESTROYED, done.phase());
    assertTrue(done.resources().isEmpty(), "inventory empty after destroy: " + done.resources());
    assertTrue(done.outputs().isEmpty(), "no stale endpoints after destroy");
    assertEquals(5, acts.count("checkHealth"));
    assertEquals(
        List.of(
            "deleteConnector",
            "dropDatabaseObjects",
            "deleteConnect",
            "deleteKafka",
            "deletePostgres",
            "deleteWorkDirectory"),
        compensationsCalled());
    // data plane strictly after the sandbox, in the seed's order
    List<String> calls = acts.calls();
    assertTrue(calls.indexOf("awaitConnectorRunning") < calls.indexOf("proveCdc"));
    assertTrue(calls.indexOf("registerConnector") < calls.indexOf("awaitConnectorRunning"));
    assertTrue(calls.indexOf("initDatabase") < calls.indexOf("registerConnector"));
    assertTrue(calls.lastIndexOf("awaitConnect") > calls.indexOf("createConnect"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "createWorkDirectory",
        "createPostgres",
        "awaitPostgres",
        "createKafka",
        "awaitKafka",
        "createConnect",
        "awaitConnect",
        "awaitDatabase",
        "initDatabase",
        "DataPlaneActivities.awaitConnect",
        "registerConnector",
        "awaitConnectorRunning",
        "proveCdc"
      })
  void permanentFailureAtEachStep_compensatesWhatWasCreated_inReverse_andFailsWithTheCause(
      String step, TestWorkflowEnvironment env, Worker worker) {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities().failing(step),
            PipelineSpec.of("f", Target.SANDBOX));

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(wf));
    ActivityFailure af = assertInstanceOf(ActivityFailure.class, e.getCause());
    assertEquals(
        "injected permanent failure in " + step,
        ((ApplicationFailure) af.getCause()).getOriginalMessage());
    String stepName = step.equals("DataPlaneActivities.awaitConnect") ? "awaitConnectApi" : step;

    assertEquals(expectedCompensations(), compensationsCalled(), "calls: " + acts.calls());
    assertTrue(compensationsCalled().contains("deleteWorkDirectory"));
    PipelineStatus s = wf.status();
    assertEquals(Phase.FAILED, s.phase());
    assertTrue(s.error().startsWith(stepName + ": injected permanent failure"), s.error());
    assertTrue(s.resources().isEmpty(), "nothing left: " + s.resources());
    assertFalse(acts.calls().contains("checkHealth"), "never READY");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "awaitPostgres",
        "awaitKafka",
        "awaitConnect",
        "awaitDatabase",
        "DataPlaneActivities.awaitConnect",
        "awaitConnectorRunning"
      })
  void cancelAtEachWait_compensatesInADetachedScope_andEndsCancelled(
      String wait, TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities().neverReady(wait),
            PipelineSpec.of("c", Target.SANDBOX));
    // cancel once the parallel sibling branch has settled: the Java test server stalls on a cancel
    // that crosses an activity's completion (a test-server race, not a workflow path)
    String stepName = wait.equals("DataPlaneActivities.awaitConnect") ? "awaitConnectApi" : wait;
    awaitStatus(
        wf,
        s ->
            running(s, stepName)
                && s.steps().stream().filter(x -> x.state().equals("RUNNING")).count() == 1);

    WorkflowStub.fromTyped(wf).cancel("operator cancel");
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(wf));
    assertInstanceOf(CanceledFailure.class, e.getCause());

    assertEquals(expectedCompensations(), compensationsCalled(), "calls: " + acts.calls());
    PipelineStatus s = wf.status();
    assertEquals(Phase.DESTROYED, s.phase());
    assertTrue(s.resources().isEmpty());
  }

  @Test
  void cancelWhileWatching_tearsEverythingDown(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    PipelineWorkflow wf =
        start(env, worker, new ScriptedActivities(), PipelineSpec.of("w", Target.SANDBOX));
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    WorkflowStub.fromTyped(wf).cancel("operator cancel");
    assertThrows(WorkflowFailedException.class, () -> result(wf));
    assertEquals(
        List.of(
            "deleteConnector",
            "dropDatabaseObjects",
            "deleteConnect",
            "deleteKafka",
            "deletePostgres",
            "deleteWorkDirectory"),
        compensationsCalled());
  }

  @Test
  void destroyWhileProvisioning_stopsTheWait_compensates_andCompletesDestroyed(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities().neverReady("awaitConnectorRunning"),
            PipelineSpec.of("d", Target.SANDBOX));
    awaitStatus(wf, s -> running(s, "awaitConnectorRunning"));

    wf.destroy();
    PipelineStatus done = result(wf);
    assertEquals(Phase.DESTROYED, done.phase());
    assertEquals(expectedCompensations(), compensationsCalled());
    assertFalse(acts.calls().contains("proveCdc"));
    assertTrue(
        done.steps().stream()
            .anyMatch(
                s -> s.name().equals("awaitConnectorRunning") && s.state().equals("CANCELLED")),
        "the interrupted wait shows as cancelled, not failed: " + done.steps());
    assertEquals(null, done.error(), "a destroy is not an error");
  }

  @Test
  void destroyTwice_tearsDownOnce(TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(env, worker, new ScriptedActivities(), PipelineSpec.of("t", Target.SANDBOX));
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    wf.destroy();
    wf.destroy();
    assertEquals(Phase.DESTROYED, result(wf).phase());
    for (String delete : COMPENSATION.values()) {
      assertEquals(1, acts.count(delete), delete);
    }
  }

  @Test
  void createRetriedAfterCrash_isRecordedOnce_andDeletedOnce(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities().crashOnceAfterWork("createPostgres"),
            PipelineSpec.of("r", Target.SANDBOX));
    PipelineStatus ready = awaitStatus(wf, s -> s.phase() == Phase.READY);
    assertEquals(2, acts.count("createPostgres"), "the create was retried");
    assertEquals(
        1,
        ready.resources().stream()
            .filter(r -> r.type().equals(ResourceTypes.SANDBOX_POSTGRES))
            .count());

    wf.destroy();
    result(wf);
    assertEquals(1, acts.count("deletePostgres"));
  }

  @Test
  void failedTask_turnsDegraded_isRestarted_andRecovers(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    ScriptedActivities scripted = new ScriptedActivities();
    scripted.answer(
        "checkHealth",
        inv ->
            scripted.count("checkHealth") == 1
                ? new ConnectorHealth("RUNNING", List.of(0), 2048, "task 0 FAILED: boom")
                : new ConnectorHealth("RUNNING", List.of(), 2048, null));
    PipelineWorkflow wf =
        start(env, worker, scripted, PipelineSpec.of("h", Target.SANDBOX).withWatch(60, 100));
    awaitStatus(wf, s -> s.phase() == Phase.READY);

    env.sleep(Duration.ofSeconds(61));
    PipelineStatus degraded = wf.status();
    assertEquals(Phase.DEGRADED, degraded.phase());
    assertEquals("task 0 FAILED: boom", degraded.error());
    assertEquals(1, acts.count("restartFailed"));

    env.sleep(Duration.ofSeconds(60));
    PipelineStatus healed = wf.status();
    assertEquals(Phase.READY, healed.phase());
    assertEquals(null, healed.error());
    wf.destroy();
    result(wf);
  }

  @Test
  void watch_continuesAsNew_carryingTheInventory(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities(),
            PipelineSpec.of("n", Target.SANDBOX).withWatch(60, 3));
    PipelineStatus first = awaitStatus(wf, s -> s.phase() == Phase.READY);

    env.sleep(Duration.ofMinutes(7));
    PipelineStatus later = wf.status();
    assertNotEquals(first.runId(), later.runId(), "continued as new");
    assertEquals(Phase.READY, later.phase());
    assertEquals(first.resources(), later.resources());
    assertEquals(first.outputs(), later.outputs());

    wf.destroy();
    PipelineStatus done = result(wf);
    assertEquals(Phase.DESTROYED, done.phase());
    assertEquals(1, acts.count("deleteWorkDirectory"));
    assertEquals(1, acts.count("createPostgres"), "provisioned once across runs");
  }
}
