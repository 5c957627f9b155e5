package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.Activity;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.stubbing.Answer;

/**
 * The SQL checks of an adopted database on AWS (AwsProvisioning.DATABASE_PREFLIGHT), with time
 * skipping and Mockito activities: through the bastion they run once its host key is pinned, and
 * blockers fail the run, cancel MSK's long wait beside them and compensate, before anything is
 * created in the database; {@code direct}, they run before anything is created at all.
 */
class AwsDatabasePreflightWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private static final Finding NO_KEY =
      Finding.blocker(
          "database.table",
          "sales.orders has no primary key",
          "ALTER TABLE sales.orders REPLICA IDENTITY FULL; (or add a primary key)");

  private static final String WORKFLOW_ID = PipelineNames.workflowId("shop");

  /** The steps that create something in the user's database, or use it. */
  private static final Set<String> IN_THE_DATABASE =
      Set.of("initDatabase", "registerConnector", "proveCdc");

  /** Runs the adopted-database pipeline to its failure; returns the failure's reason. */
  private static String refusal(
      TestWorkflowEnvironment env,
      Worker worker,
      ScriptedAws aws,
      ScriptedActivities acts,
      String dataPlaneAccess) {
    PipelineWorkflow wf =
        AwsAdoptedWorkflowTest.start(env, worker, aws, acts, spec(dataPlaneAccess));
    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, PipelineStatus.class));
    return PipelineContext.reason(failed);
  }

  /** The adopted VPC and RDS instance of AwsAdoptedWorkflowTest; MSK created by the pipeline. */
  static PipelineSpec spec(String dataPlaneAccess) {
    PipelineSpec adopted = AwsAdoptedWorkflowTest.spec();
    Existing e = adopted.existing();
    return PipelineSpec.aws(
            "shop",
            new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null, dataPlaneAccess))
        .withTables(List.of("sales.orders"))
        .withExisting(new Existing(e.database(), e.network(), null));
  }

  @Test
  void throughTheBastion_blockers_failTheRun_cancelMsksWait_compensate_beforeTheDatabaseIsTouched(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws = AwsAdoptedWorkflowTest.scripted().hanging("awaitCluster");
    ScriptedActivities acts =
        new ScriptedActivities().answer("preflightDatabase", afterTheOthersSettled(aws));
    String message = refusal(env, worker, aws, acts, AwsSpec.BASTION);
    assertTrue(message.contains(NO_KEY.line()), message);
    assertTrue(message.contains("the AWS resources created so far are being removed"), message);

    assertEquals(new HashSet<>(aws.created), new HashSet<>(aws.deleted), "compensated");
    assertTrue(aws.created.size() > 1, "the bastion and the stack around it: " + aws.created);
    assertTrue(
        cancelRequested(env, "AwsKafkaAwaitCluster"),
        "MSK's wait was cancelled with the refused branch, not awaited until its deadline");
    assertEquals(
        1,
        aws.callsNow().stream().filter("KafkaActivities.awaitCluster"::equals).count(),
        "one poll of the cluster, then cancelled: " + aws.callsNow());
    for (String call : acts.calls()) {
      assertFalse(IN_THE_DATABASE.contains(call), "ran in the database: " + acts.calls());
    }
    DataPlaneAccess checked = acts.lastArgument("preflightDatabase");
    assertNotNull(checked.bastion().hostKey(), "checked through the pinned bastion");
    assertEquals("shop.rds.example", checked.dbHost());
    assertEquals("admin", checked.adminUser());
    assertTrue(checked.replicatesAsAdmin(), "on RDS the admin itself replicates");
    assertEquals(1, acts.count("pinBastionHostKey"), "pinned once, in the bastion's branch");
  }

  /**
   * MSK's wait is between two polls (its retry backoff) when the refused branch cancels it: the
   * test server cancels it at once and writes ACTIVITY_TASK_CANCELED among the commands of the
   * workflow task that asked. Compensation (with its version markers) must come in a later workflow
   * task, or the SDK cannot replay the run: a worker restart or a cache eviction would leave it
   * stuck.
   */
  @Test
  void throughTheBastion_blockers_cancelMsksPollingWait_theCompensatedRunReplays(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws = AwsAdoptedWorkflowTest.scripted().hanging("awaitCluster");
    ScriptedActivities acts =
        new ScriptedActivities().answer("preflightDatabase", afterTheOthersSettled(aws));
    refusal(env, worker, aws, acts, AwsSpec.BASTION);

    WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(WORKFLOW_ID);
    assertMskWaitCancelledBeforeCompensation(history.getEvents());
    assertDoesNotThrow(
        () -> WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class));
    PipelineWorkflow closed =
        env.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class, WORKFLOW_ID);
    assertEquals(Phase.FAILED, closed.status().phase(), "a query replays the closed run too");
  }

  /**
   * MSK's wait is in the middle of a check when the refused branch cancels it: the check ends
   * cancelled at its end (AWS waits heartbeat before asking for the next poll), compensation starts
   * after that, the run fails with the refusal and replays.
   */
  @Test
  void throughTheBastion_blockers_cancelMsksRunningCheck_compensateAfterItEnds_andReplay(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    AtomicBoolean heard = new AtomicBoolean();
    ScriptedAws aws =
        AwsAdoptedWorkflowTest.scripted()
            .answering("awaitCluster", inv -> checkUntilCancelled(env, heard));
    ScriptedActivities acts =
        new ScriptedActivities().answer("preflightDatabase", afterTheOthersSettled(aws));
    String message = refusal(env, worker, aws, acts, AwsSpec.BASTION);
    assertTrue(message.contains(NO_KEY.line()), "the refusal, not the cancel: " + message);
    assertEquals(new HashSet<>(aws.created), new HashSet<>(aws.deleted), "compensated");
    assertEquals(
        1,
        aws.callsNow().stream().filter("KafkaActivities.awaitCluster"::equals).count(),
        "the check that ran, and no other: " + aws.callsNow());

    assertTrue(heard.get(), "the running check heard of the cancel through its heartbeat");

    WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(WORKFLOW_ID);
    List<HistoryEvent> events = history.getEvents();
    HistoryEvent cancelled =
        events.stream()
            .filter(HistoryEvent::hasActivityTaskCanceledEventAttributes)
            .findFirst()
            .orElseThrow(() -> new AssertionError("MSK's wait never ended cancelled"));
    long firstDelete = firstScheduled(events, type -> type.endsWith("Delete"));
    assertTrue(
        firstDelete > cancelled.getEventId(), "compensation began while MSK's check still ran");
    assertDoesNotThrow(
        () -> WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class));
  }

  /**
   * A check of MSK's wait that is still running when the wait is cancelled, then ends as every AWS
   * check does (AwsActivitySupport.pollAgain): its heartbeat hears of the cancel.
   */
  private static Readiness checkUntilCancelled(TestWorkflowEnvironment env, AtomicBoolean heard)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!cancelRequested(env, "AwsKafkaAwaitCluster")) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("MSK's wait was never cancelled");
      }
      Thread.sleep(100);
    }
    try {
      Activity.getExecutionContext().heartbeat(null);
    } catch (ActivityCanceledException e) {
      heard.set(true);
      throw e;
    }
    throw NotReady.retryAfter(Duration.ofMinutes(1), "scripted: the cancel went unheard");
  }

  /** The event id of the first activity scheduled whose type {@code type} accepts. */
  private static long firstScheduled(List<HistoryEvent> events, Predicate<String> type) {
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(
            e -> type.test(e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .findFirst()
        .orElseThrow()
        .getEventId();
  }

  /**
   * MSK's wait was asked to cancel and was cancelled, then compensation's first command came from a
   * later workflow task.
   */
  static void assertMskWaitCancelledBeforeCompensation(List<HistoryEvent> events) {
    long mskWait = firstScheduled(events, "AwsKafkaAwaitCluster"::equals);
    int requested = -1;
    int cancelled = -1;
    int firstDelete = -1;
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.hasActivityTaskCancelRequestedEventAttributes()
          && e.getActivityTaskCancelRequestedEventAttributes().getScheduledEventId() == mskWait) {
        requested = i;
      } else if (e.hasActivityTaskCanceledEventAttributes()
          && e.getActivityTaskCanceledEventAttributes().getScheduledEventId() == mskWait) {
        cancelled = i;
      } else if (firstDelete < 0
          && e.hasActivityTaskScheduledEventAttributes()
          && e.getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .endsWith("Delete")) {
        firstDelete = i;
      }
    }
    assertTrue(requested >= 0, "MSK's wait was never asked to cancel");
    assertTrue(cancelled > requested, "MSK's wait never cancelled");
    assertTrue(firstDelete > cancelled, "compensation began before MSK's wait was cancelled");
    assertTrue(
        events.subList(cancelled, firstDelete).stream()
            .anyMatch(HistoryEvent::hasWorkflowTaskStartedEventAttributes),
        "compensation's commands came from the workflow task that asked for the cancel");
  }

  @Test
  void throughTheBastion_clear_checksBeforeInitDatabase_andPinsOnce(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws = AwsAdoptedWorkflowTest.scripted();
    ScriptedActivities acts = new ScriptedActivities();
    PipelineWorkflow wf =
        AwsAdoptedWorkflowTest.start(env, worker, aws, acts, spec(AwsSpec.BASTION));

    PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
    List<String> calls = acts.calls();
    assertTrue(
        calls.indexOf("preflightDatabase") >= 0
            && calls.indexOf("pinBastionHostKey") < calls.indexOf("preflightDatabase")
            && calls.indexOf("preflightDatabase") < calls.indexOf("initDatabase"),
        calls.toString());
    assertEquals(1, acts.count("pinBastionHostKey"), calls.toString());
    DataPlaneAccess used = acts.lastArgument("initDatabase");
    assertNotNull(used.bastion().hostKey(), "the data plane uses the key pinned in the branch");
    assertNotNull(used.connectUrl(), "Connect's address once it exists");
    wf.destroy();
    WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
  }

  @Test
  void direct_blockers_refuseTheRun_beforeAnythingIsCreated(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws = AwsAdoptedWorkflowTest.scripted();
    ScriptedActivities acts = new ScriptedActivities().answer("preflightDatabase", i -> blocked());
    String message = refusal(env, worker, aws, acts, AwsSpec.DIRECT);
    assertTrue(message.contains(NO_KEY.line()), message);
    assertTrue(message.contains("nothing was created"), message);
    assertTrue(aws.created.isEmpty(), "created: " + aws.created);
    assertEquals(
        List.of("PreflightActivities.check", "DatabaseActivities.adoptInstance"),
        aws.callsNow(),
        "only reads");
    assertEquals(List.of("preflightDatabase"), acts.calls());
    DataPlaneAccess checked = acts.lastArgument("preflightDatabase");
    assertEquals(null, checked.bastion());
    assertEquals("shop.rds.example", checked.dbHost());
  }

  @Test
  void direct_withAllowReboot_aWalLevelTheRebootFixes_doesNotRefuse(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws aws =
        AwsAdoptedWorkflowTest.scripted()
            .answering(
                "enableLogicalReplication",
                inv -> {
                  ResourceRecord r = inv.getArgument(0);
                  return new ResourceRecord(
                      r.type(), r.id(), "rebooting", Map.of("parameterGroup", "shop-params"));
                });
    ScriptedActivities acts =
        new ScriptedActivities()
            .answer(
                "preflightDatabase",
                i ->
                    List.of(
                        Finding.blocker(
                            "database.wal_level",
                            "wal_level is replica",
                            "set rds.logical_replication = 1 and reboot")));
    PipelineSpec spec = spec(AwsSpec.DIRECT);
    Existing e = spec.existing();
    PipelineWorkflow wf =
        AwsAdoptedWorkflowTest.start(
            env,
            worker,
            aws,
            acts,
            spec.withExisting(
                new Existing(e.database().withAllowReboot(true), e.network(), e.kafka())));

    PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
    assertTrue(aws.callsNow().contains("DatabaseActivities.enableLogicalReplication"));
    assertEquals(1, acts.count("preflightDatabase"), "checked, and not refused for wal_level");
    assertEquals(
        1,
        aws.callsNow().stream().filter("DatabaseActivities.adoptInstance"::equals).count(),
        "read once, before the network stage");
    wf.destroy();
    WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
  }

  private static List<Finding> blocked() {
    return List.of(Finding.ok("database.reachable", "reached"), NO_KEY);
  }

  /**
   * The blockers, once every other branch has settled and MSK's wait polls: the Java test server
   * stalls a run whose cancel crosses an activity's completion (see SiblingsRunToTheirEnd), which
   * is not what this test is about.
   */
  static Answer<Object> afterTheOthersSettled(ScriptedAws aws) {
    return inv -> {
      long deadline = System.currentTimeMillis() + 20_000;
      List<String> settled =
          List.of(
              "KafkaActivities.awaitCluster",
              "LoadBalancerActivities.awaitLoadBalancer",
              "ContainerActivities.createSecretReadPolicy");
      int seen = -1;
      while (!aws.callsNow().containsAll(settled) || seen != aws.calls.size()) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("never settled: " + aws.callsNow());
        }
        seen = aws.calls.size();
        Thread.sleep(200);
      }
      return blocked();
    };
  }

  /** Whether the run asked to cancel the activity of {@code type} it had scheduled. */
  private static boolean cancelRequested(TestWorkflowEnvironment env, String type) {
    List<HistoryEvent> events =
        env.getWorkflowClient().fetchHistory(WORKFLOW_ID).getHistory().getEventsList();
    Set<Long> scheduled = new HashSet<>();
    for (HistoryEvent e : events) {
      if (e.hasActivityTaskScheduledEventAttributes()
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type)) {
        scheduled.add(e.getEventId());
      }
    }
    assertFalse(scheduled.isEmpty(), type + " never scheduled");
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskCancelRequestedEventAttributes)
        .anyMatch(
            e ->
                scheduled.contains(
                    e.getActivityTaskCancelRequestedEventAttributes().getScheduledEventId()));
  }
}
