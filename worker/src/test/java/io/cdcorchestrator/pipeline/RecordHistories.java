package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test: writes histories of the workflow's paths that need no real stack into the replay
 * suite, from real workflow runs on the Temporal test server with scripted activities (Mockito
 * doubles) and time skipping. Run on purpose only, before a workflow change: {@code ./mvnw -pl
 * worker test -Dtest=RecordHistories -Dcdc.recordHistories=src/test/resources/histories}. Histories
 * of real sandbox runs come from {@code cdc history NAME} (see README).
 */
@EnabledIfSystemProperty(named = "cdc.recordHistories", matches = ".+")
class RecordHistories {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  @Test
  void failureAtRegisterConnector_compensated(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities().failing("registerConnector"),
            PipelineSpec.of("failed", Target.SANDBOX));
    try {
      WorkflowStub.fromTyped(wf).getResult(PipelineStatus.class);
    } catch (RuntimeException expected) {
      // the failure is the point
    }
    write(
        env,
        "cdc-pipeline-failed",
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
        "sandbox-failure-compensated.json");
  }

  /**
   * A workflow cancellation request while a readiness wait is pending: compensation in a detached
   * scope.
   */
  @Test
  void cancelWhileProvisioning(TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities().neverReady("awaitConnectorRunning"),
            PipelineSpec.of("cancelled", Target.SANDBOX));
    awaitStatus(
        wf,
        s ->
            s.steps().stream()
                .anyMatch(
                    x -> x.name().equals("awaitConnectorRunning") && x.state().equals("RUNNING")));
    WorkflowStub.fromTyped(wf).cancel("operator cancel");
    assertThrows(
        WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class));
    write(
        env,
        "cdc-pipeline-cancelled",
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
        "sandbox-cancelled-while-provisioning.json");
  }

  /**
   * A workflow cancellation request while READY (the watch timer pending): everything torn down.
   */
  @Test
  void cancelWhileReady(TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities(),
            PipelineSpec.of("cancelled-ready", Target.SANDBOX));
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    WorkflowStub.fromTyped(wf).cancel("operator cancel");
    assertThrows(
        WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class));
    write(
        env,
        "cdc-pipeline-cancelled-ready",
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
        "sandbox-cancelled-while-ready.json");
  }

  /**
   * The watch phase continuing as new after 3 health checks (time skipping): the first run's
   * history, and the next run's (it starts from the carried state and is destroyed).
   */
  @Test
  void watchContinuesAsNew(TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedActivities(),
            PipelineSpec.of("watched", Target.SANDBOX).withWatch(60, 3));
    PipelineStatus first = awaitStatus(wf, s -> s.phase() == Phase.READY);
    env.sleep(Duration.ofMinutes(4));
    PipelineStatus next = awaitStatus(wf, s -> !s.runId().equals(first.runId()));
    assertNotEquals(first.runId(), next.runId());
    wf.destroy();
    assertEquals(
        Phase.DESTROYED,
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class).phase());
    write(
        env,
        "cdc-pipeline-watched",
        first.runId(),
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
        "sandbox-watch-continued-as-new.json");
    write(
        env,
        "cdc-pipeline-watched",
        next.runId(),
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        "sandbox-watch-next-run-destroyed.json");
  }

  /**
   * A health check that finds Kafka Connect dead (its worker JVM died), the repair that restarts
   * Kafka and Connect from their state on disk, READY again; then a {@code checkNow} from a worker
   * taking over the host, and {@code destroy}.
   */
  @Test
  void watchRepairsADeadSandbox(TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities acts = new ScriptedActivities();
    acts.answer(
            "checkHealth",
            inv ->
                acts.count("checkHealth") == 1
                    ? new io.cdcorchestrator.model.ConnectorHealth(
                        "UNREACHABLE",
                        java.util.List.of(),
                        1024,
                        "Kafka Connect: connection refused",
                        null,
                        java.util.List.of())
                    : new io.cdcorchestrator.model.ConnectorHealth(
                        "RUNNING", java.util.List.of(), 1024, null, 2L, java.util.List.of()))
        .answer(
            "repair",
            inv ->
                new io.cdcorchestrator.model.SandboxRepair(
                    java.util.List.of(
                        "Kafka restarted on its log directory on 127.0.0.1:19092",
                        "Kafka Connect restarted on its topics at http://127.0.0.1:18083"),
                    java.util.List.of("PostgreSQL alive on port 54321"),
                    ScriptedActivities.postgres("repaired", 54321),
                    ScriptedActivities.kafka(),
                    ScriptedActivities.connect()));
    PipelineWorkflow wf =
        start(env, worker, acts, PipelineSpec.of("repaired", Target.SANDBOX).withWatch(60, 100));
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    env.sleep(Duration.ofSeconds(61));
    awaitStatus(wf, s -> s.phase() == Phase.READY && acts.count("checkHealth") == 2);
    wf.checkNow();
    awaitStatus(wf, s -> acts.count("checkHealth") == 3);
    destroyAndWrite(env, wf, "cdc-pipeline-repaired", "sandbox-watch-repaired.json");
  }

  /** Day 2: pause, stop, then resume (each an update with its steps), then destroy. */
  @Test
  void pauseThenResume(TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(env, worker, new ScriptedActivities(), PipelineSpec.of("paused", Target.SANDBOX));
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    assertEquals(Phase.PAUSED, wf.pause().phase());
    env.sleep(Duration.ofMinutes(2));
    assertEquals(Phase.STOPPED, wf.stop().phase());
    assertEquals(Phase.READY, wf.resume().phase());
    destroyAndWrite(env, wf, "cdc-pipeline-paused", "sandbox-paused-resumed.json");
  }

  /**
   * Day 2: apply adding a table (check, publication, connector, tasks, incremental snapshot), then
   * an apply refused by the database (a table without a key: the update fails, nothing changed).
   */
  @Test
  void applyAddsATable_thenARefusedApply(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    ScriptedActivities acts = new ScriptedActivities();
    acts.answer(
        "checkTables",
        inv -> {
          io.cdcorchestrator.model.DataPlaneAccess a = inv.getArgument(0);
          if (a.tables().contains("public.nokey")) {
            throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                "public.nokey has no primary key: Debezium cannot key its events", "TableRefused");
          }
          return a.tables() + " exist and have a key";
        });
    PipelineSpec spec = PipelineSpec.of("applied", Target.SANDBOX);
    PipelineWorkflow wf = start(env, worker, acts, spec);
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    PipelineSpec orders = spec.withTables(java.util.List.of("public.inventory", "public.orders"));
    wf.apply(new io.cdcorchestrator.model.ChangeRequest(orders, false));
    assertThrows(
        io.temporal.client.WorkflowUpdateException.class,
        () ->
            wf.apply(
                new io.cdcorchestrator.model.ChangeRequest(
                    spec.withTables(
                        java.util.List.of("public.inventory", "public.orders", "public.nokey")),
                    false)));
    destroyAndWrite(env, wf, "cdc-pipeline-applied", "sandbox-apply-table-then-refused.json");
  }

  /** Day 2: a task that keeps failing, restarted at once, then 2 and 6 minutes later. */
  @Test
  void failedTaskRestartedWithBackoff(TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities acts = new ScriptedActivities();
    acts.answer(
        "checkHealth",
        inv ->
            new io.cdcorchestrator.model.ConnectorHealth(
                "RUNNING", java.util.List.of(0), 1024, "task 0 FAILED: boom", 1L, null));
    PipelineWorkflow wf = start(env, worker, acts, PipelineSpec.of("restarted", Target.SANDBOX));
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    env.sleep(Duration.ofMinutes(10));
    assertEquals(3, wf.status().restarts().count());
    destroyAndWrite(env, wf, "cdc-pipeline-restarted", "sandbox-restarts-with-backoff.json");
  }

  @Test
  void awsAdoptedVpcRdsAndMsk_readyThenDestroyed(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    ScriptedActivities acts = new ScriptedActivities();
    PipelineWorkflow wf =
        AwsAdoptedWorkflowTest.start(
            env, worker, AwsAdoptedWorkflowTest.scripted(), acts, AwsAdoptedWorkflowTest.spec());
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    destroyAndWrite(env, wf, PipelineNames.workflowId("shop"), "aws-adopted-vpc-rds-msk.json");
  }

  /**
   * The SQL checks of the adopted database (AwsProvisioning.DATABASE_PREFLIGHT) through the
   * bastion, in its branch once its host key is pinned; READY, then destroyed.
   */
  @Test
  void awsAdoptedDatabaseCheckedThroughTheBastion_readyThenDestroyed(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities acts = new ScriptedActivities();
    PipelineWorkflow wf =
        AwsAdoptedWorkflowTest.start(
            env, worker, AwsAdoptedWorkflowTest.scripted(), acts, AwsAdoptedWorkflowTest.spec());
    awaitStatus(wf, s -> s.phase() == Phase.READY);
    destroyAndWrite(
        env, wf, PipelineNames.workflowId("shop"), "aws-adopted-database-checked-via-bastion.json");
  }

  /** {@code dataPlaneAccess: direct}: the SQL checks refuse the run after only reads. */
  @Test
  void awsAdoptedDatabaseRefusedDirect_beforeAnythingIsCreated(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities acts =
        new ScriptedActivities()
            .answer(
                "preflightDatabase",
                inv ->
                    java.util.List.of(
                        io.cdcorchestrator.model.preflight.Finding.blocker(
                            "database.table",
                            "sales.orders has no primary key",
                            "ALTER TABLE sales.orders REPLICA IDENTITY FULL")));
    PipelineSpec spec = AwsAdoptedWorkflowTest.spec();
    PipelineWorkflow wf =
        AwsAdoptedWorkflowTest.start(
            env,
            worker,
            AwsAdoptedWorkflowTest.scripted(),
            acts,
            PipelineSpec.aws(
                    "shop",
                    new io.cdcorchestrator.model.aws.AwsSpec(
                        null,
                        "203.0.113.0/24",
                        null,
                        null,
                        null,
                        null,
                        null,
                        io.cdcorchestrator.model.aws.AwsSpec.DIRECT))
                .withTables(spec.tables())
                .withExisting(spec.existing()));
    try {
      WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
    } catch (RuntimeException expected) {
      // the refusal is the point
    }
    write(
        env,
        PipelineNames.workflowId("shop"),
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
        "aws-adopted-database-refused-direct.json");
  }

  /**
   * Through the bastion, the SQL checks refuse the adopted database while MSK's wait sits between
   * two polls: the refused branch cancels it (the server cancels it at once), and compensation
   * starts in the next workflow task (Parallel.CANCEL_SETTLES).
   */
  @Test
  void awsAdoptedDatabaseRefusedThroughTheBastion_mskWaitCancelled(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws = AwsAdoptedWorkflowTest.scripted().hanging("awaitCluster");
    ScriptedActivities acts =
        new ScriptedActivities()
            .answer(
                "preflightDatabase", AwsDatabasePreflightWorkflowTest.afterTheOthersSettled(aws));
    PipelineWorkflow wf =
        AwsAdoptedWorkflowTest.start(
            env,
            worker,
            aws,
            acts,
            AwsDatabasePreflightWorkflowTest.spec(io.cdcorchestrator.model.aws.AwsSpec.BASTION));
    assertThrows(
        WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, PipelineStatus.class));
    AwsDatabasePreflightWorkflowTest.assertMskWaitCancelledBeforeCompensation(
        env.getWorkflowClient().fetchHistory(PipelineNames.workflowId("shop")).getEvents());
    write(
        env,
        PipelineNames.workflowId("shop"),
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
        "aws-adopted-database-refused-via-bastion-msk-wait-cancelled.json");
  }

  private static void destroyAndWrite(
      TestWorkflowEnvironment env, PipelineWorkflow wf, String workflowId, String file)
      throws Exception {
    wf.destroy();
    assertEquals(
        Phase.DESTROYED,
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class).phase());
    write(env, workflowId, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, file);
  }

  private static PipelineWorkflow start(
      TestWorkflowEnvironment env, Worker worker, ScriptedActivities acts, PipelineSpec spec) {
    worker.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    return PipelineTestWorkflow.start(env, worker, spec);
  }

  private static PipelineStatus awaitStatus(
      PipelineWorkflow wf, Predicate<PipelineStatus> condition) throws InterruptedException {
    return PipelineTestWorkflow.awaitStatus(wf, "condition not reached", condition);
  }

  private static void write(
      TestWorkflowEnvironment env, String workflowId, EventType closedBy, String file)
      throws Exception {
    write(env, workflowId, null, closedBy, file);
  }

  /** Writes the run's history, after checking it closed the way the file name says. */
  private static void write(
      TestWorkflowEnvironment env, String workflowId, String runId, EventType closedBy, String file)
      throws Exception {
    WorkflowExecutionHistory h = env.getWorkflowClient().fetchHistory(workflowId, runId);
    if (closedBy != null) {
      assertEquals(closedBy, h.getLastEvent().getEventType(), file);
    }
    Files.writeString(Path.of(System.getProperty("cdc.recordHistories"), file), h.toJson(true));
  }
}
