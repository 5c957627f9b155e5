package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.SandboxRepair;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.Target;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workflow's side of a sandbox that lives on one host (issue "crash-proof"): every sandbox
 * activity after the work directory goes to the queue of the host whose worker created it, and the
 * watch repairs components that died, with Mockito activities (test doubles) on both queues.
 */
class SandboxRepairWorkflowTest {
  private static final String HOST = TaskQueues.SANDBOX_HOST_PREFIX + "test-host";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  /** Any control worker creates the work directory; it names its host's queue. */
  private final ScriptedActivities control =
      new ScriptedActivities()
          .answer(
              "createWorkDirectory",
              inv ->
                  new ResourceRecord(
                      ResourceTypes.SANDBOX_WORKDIR,
                      "/tmp/cdc/" + inv.getArgument(0),
                      "created",
                      Map.of(
                          "path",
                          "/tmp/cdc/" + inv.getArgument(0),
                          ResourceTypes.TASK_QUEUE,
                          HOST)));

  private final ScriptedActivities host = new ScriptedActivities();

  private PipelineWorkflow start(TestWorkflowEnvironment env, Worker worker, PipelineSpec spec) {
    worker.registerActivitiesImplementations(control.sandbox);
    env.newWorker(HOST).registerActivitiesImplementations(host.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(host.dataPlane);
    return PipelineTestWorkflow.start(env, worker, spec);
  }

  private static PipelineStatus awaitStatus(
      PipelineWorkflow wf, String what, java.util.function.Predicate<PipelineStatus> c)
      throws InterruptedException {
    return PipelineTestWorkflow.awaitStatus(wf, what, c);
  }

  private static PipelineStatus destroyed(PipelineWorkflow wf) throws Exception {
    wf.destroy();
    return WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
  }

  @Test
  void sandboxActivitiesRunOnTheHostThatCreatedTheWorkDirectory(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = start(env, worker, PipelineSpec.of("hosted", Target.SANDBOX));
    awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);
    assertEquals(Phase.DESTROYED, destroyed(wf).phase());

    assertEquals(List.of("createWorkDirectory"), control.calls(), "only the work directory");
    List<String> onHost = host.calls();
    for (String call :
        List.of(
            "createPostgres",
            "awaitPostgres",
            "createKafka",
            "awaitKafka",
            "createConnect",
            "awaitConnect",
            "deleteConnect",
            "deleteKafka",
            "deletePostgres",
            "deleteWorkDirectory")) {
      assertTrue(onHost.contains(call), call + " on the host's queue: " + onHost);
    }
  }

  @Test
  void componentsThatDiedAreRestarted_andTheConnectorAwaitedBeforeReadyAgain(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    host.answer(
            "checkHealth",
            inv ->
                host.count("checkHealth") == 1
                    ? new ConnectorHealth(
                        "UNREACHABLE", List.of(), 1024, "Kafka Connect: connection refused")
                    : new ConnectorHealth("RUNNING", List.of(), 1024, null))
        .answer(
            "repair",
            inv ->
                new SandboxRepair(
                    List.of(
                        "Kafka restarted on its log directory on 127.0.0.1:19092",
                        "Kafka Connect restarted on its topics at http://127.0.0.1:18083"),
                    List.of("PostgreSQL alive on port 54321"),
                    ScriptedActivities.postgres("fix", 54321),
                    ScriptedActivities.kafka(),
                    ScriptedActivities.connect()));
    PipelineWorkflow wf =
        start(env, worker, PipelineSpec.of("fix", Target.SANDBOX).withWatch(60, 100));
    PipelineStatus ready = awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);

    env.sleep(Duration.ofSeconds(61));
    PipelineStatus again =
        awaitStatus(
            wf, "repaired", s -> s.phase() == Phase.READY && host.count("checkHealth") == 2);
    assertEquals(null, again.error());
    assertEquals(ready.outputs(), again.outputs(), "same endpoints");
    StepRecord repair = last(again, "repairSandbox");
    assertEquals("COMPLETED", repair.state());
    assertTrue(repair.detail().contains("Kafka Connect restarted on its topics"), repair.detail());
    assertEquals(2, host.count("awaitConnectorRunning"), "provisioning, then after the repair");
    assertEquals(0, host.count("registerConnector") - 1, "same database port: no re-registration");
    assertEquals(0, host.count("restartFailed"));
    assertEquals(Phase.DESTROYED, destroyed(wf).phase());
  }

  @Test
  void aDatabaseThatCameBackOnAnotherPortGetsTheConnectorReRegistered(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    AtomicReference<DataPlaneAccess> registered = new AtomicReference<>();
    host.answer(
            "checkHealth",
            inv ->
                host.count("checkHealth") == 1
                    ? new ConnectorHealth("RUNNING", List.of(), -1, "database: connection refused")
                    : new ConnectorHealth("RUNNING", List.of(), 1024, null))
        .answer(
            "repair",
            inv ->
                new SandboxRepair(
                    List.of("PostgreSQL restarted on its data directory on port 55555"),
                    List.of(),
                    ScriptedActivities.postgres("moved", 55555),
                    ScriptedActivities.kafka(),
                    ScriptedActivities.connect()))
        .answer(
            "registerConnector",
            inv -> {
              registered.set(inv.getArgument(0));
              return new ResourceRecord(
                  ResourceTypes.CONNECTOR, "inventory-connector", "created", Map.of());
            });
    PipelineWorkflow wf =
        start(env, worker, PipelineSpec.of("moved", Target.SANDBOX).withWatch(60, 100));
    awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);

    env.sleep(Duration.ofSeconds(61));
    PipelineStatus again =
        awaitStatus(
            wf, "repaired", s -> s.phase() == Phase.READY && host.count("checkHealth") == 2);
    assertEquals(55555, registered.get().dbPort(), "the connector's config names the new port");
    assertEquals("jdbc:postgresql://127.0.0.1:55555/inventory", again.outputs().get("jdbcUrl"));
    assertTrue(
        again
            .resources()
            .contains(
                new PipelineStatus.ResourceStatus(
                    ResourceTypes.SANDBOX_POSTGRES, "127.0.0.1:55555", "running")),
        again.resources().toString());
    assertEquals(
        List.of(
            ResourceTypes.SANDBOX_WORKDIR,
            ResourceTypes.SANDBOX_POSTGRES,
            ResourceTypes.SANDBOX_KAFKA,
            ResourceTypes.SANDBOX_CONNECT,
            ResourceTypes.DB_CDC_OBJECTS,
            ResourceTypes.CONNECTOR),
        again.resources().stream().map(PipelineStatus.ResourceStatus::type).toList(),
        "the inventory keeps its order (the teardown's)");
    assertEquals(Phase.DESTROYED, destroyed(wf).phase());
  }

  @Test
  void aRepairThatFailsLeavesTheReason_andTheNextCheckTriesAgain(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    host.answer(
            "checkHealth",
            inv ->
                new ConnectorHealth(
                    "UNREACHABLE", List.of(), 1024, "Kafka Connect: connection refused"))
        .answer(
            "repair",
            inv -> {
              throw ApplicationFailure.newNonRetryableFailure(
                  "Kafka did not answer within 90 s", "SandboxStartFailed");
            });
    PipelineWorkflow wf =
        start(env, worker, PipelineSpec.of("broken", Target.SANDBOX).withWatch(60, 100));
    awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);

    env.sleep(Duration.ofSeconds(61));
    PipelineStatus degraded =
        awaitStatus(
            wf, "DEGRADED", s -> s.phase() == Phase.DEGRADED && s.error().startsWith("repairing"));
    assertTrue(degraded.error().contains("Kafka did not answer within 90 s"), degraded.error());
    env.sleep(Duration.ofSeconds(60));
    awaitStatus(wf, "a second repair", s -> host.count("repair") == 2);
    assertEquals(Phase.DESTROYED, destroyed(wf).phase());
  }

  /**
   * A worker took over the host while the data-plane steps waited on a Connect that died with the
   * previous one: its checkNow brings Connect back and provisioning goes on.
   */
  @Test
  void checkNowWhileProvisioning_restartsWhatDied_andTheWaitingStepGoesOn(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    host.answer(
            "DataPlaneActivities.awaitConnect",
            inv -> {
              if (host.count("repair") == 0) {
                throw ApplicationFailure.newBuilder()
                    .setType("NotReady")
                    .setMessage("Kafka Connect is not answering: connection refused")
                    .setNextRetryDelay(Duration.ofSeconds(1))
                    .build();
              }
              return new io.cdcorchestrator.model.Readiness(1, "Kafka Connect back");
            })
        .answer(
            "repair",
            inv ->
                new SandboxRepair(
                    List.of("Kafka Connect restarted on its topics at http://127.0.0.1:18083"),
                    List.of(),
                    ScriptedActivities.postgres("taken-over", 54321),
                    ScriptedActivities.kafka(),
                    ScriptedActivities.connect()));
    PipelineWorkflow wf = start(env, worker, PipelineSpec.of("taken-over", Target.SANDBOX));
    awaitStatus(
        wf,
        "waiting on Connect",
        s ->
            s.steps().stream()
                .anyMatch(x -> x.name().equals("awaitConnectApi") && x.state().equals("RUNNING")));

    wf.checkNow();
    PipelineStatus ready = awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);
    assertEquals(1, host.count("repair"));
    assertTrue(last(ready, "repairSandbox").detail().contains("Kafka Connect restarted"));
    assertEquals(Phase.DESTROYED, destroyed(wf).phase());
  }

  @Test
  void checkNow_checksWithoutWaitingForTheInterval(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    PipelineWorkflow wf =
        start(env, worker, PipelineSpec.of("now", Target.SANDBOX).withWatch(3600, 100));
    awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);
    assertEquals(0, host.count("checkHealth"));
    long before = env.currentTimeMillis();

    wf.checkNow();
    awaitStatus(wf, "checked", s -> host.count("checkHealth") == 1);
    long waited = env.currentTimeMillis() - before;
    assertTrue(waited < Duration.ofMinutes(10).toMillis(), "checked after " + waited + " ms");
    assertEquals(Phase.DESTROYED, destroyed(wf).phase());
  }

  private static StepRecord last(PipelineStatus s, String name) {
    List<StepRecord> named = s.steps().stream().filter(x -> x.name().equals(name)).toList();
    assertTrue(!named.isEmpty(), name + " in " + s.steps());
    return named.get(named.size() - 1);
  }
}
