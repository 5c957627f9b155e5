package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.pipeline.aws.ConnectService;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 item 3, the watch's decision with activity doubles ({@link ScriptedAws}): the RDS
 * secret's current version is compared with the one Kafka Connect's tasks started with; a new one
 * rolls the ECS service once (DEGRADED while it rolls), the same one never does.
 */
class AwsSecretRotationTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private static final Duration CHECK = Duration.ofSeconds(61);

  private ScriptedAws aws;
  private ScriptedActivities dataPlane;

  private PipelineWorkflow ready(TestWorkflowEnvironment env, Worker worker, ScriptedAws scripted)
      throws InterruptedException {
    aws = scripted;
    dataPlane = new ScriptedActivities();
    worker.registerActivitiesImplementations(dataPlane.sandbox);
    worker.registerActivitiesImplementations(aws.all());
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(dataPlane.dataPlane);
    PipelineSpec spec =
        PipelineSpec.aws(
            "rot", new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null, "direct"));
    PipelineWorkflow wf = PipelineTestWorkflow.start(env, worker, spec);
    PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
    return wf;
  }

  private long redeploys() {
    return aws.callsNow().stream().filter(c -> c.endsWith(".redeployService")).count();
  }

  /** Scripted AWS whose redeployService sets {@code redeployed}. */
  private static ScriptedAws redeploying(AtomicBoolean redeployed) {
    return new ScriptedAws()
        .answering(
            "redeployService",
            inv -> {
              redeployed.set(true);
              return inv.getArgument(0);
            });
  }

  private static void destroy(PipelineWorkflow wf) throws Exception {
    wf.destroy();
    WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, PipelineStatus.class);
  }

  @Test
  void aRotatedSecret_rollsTheServiceOnce_degradedWhileItRolls_thenReady(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    CountDownLatch rolling = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean redeployed = new AtomicBoolean();
    ScriptedAws scripted = redeploying(redeployed);
    scripted.answering(
        "awaitService",
        inv -> {
          if (redeployed.get()) { // the roll's wait: hold it while the test reads the status
            rolling.countDown();
            release.await(30, TimeUnit.SECONDS);
          }
          return new Readiness(1, "ready");
        });
    PipelineWorkflow wf = ready(env, worker, scripted);

    env.sleep(CHECK); // the first check records v1, the version the tasks started with
    env.sleep(CHECK);
    assertEquals(0, redeploys(), "the same version: nothing to roll");
    assertEquals(Phase.READY, wf.status().phase());

    aws.secretVersion = "v2"; // RDS rotated the master password
    // the next check, on another thread: this one reads the status while the roll's wait is held
    CompletableFuture<Void> check = CompletableFuture.runAsync(() -> env.sleep(CHECK));
    assertTrue(rolling.await(30, TimeUnit.SECONDS), "the service is rolled");
    PipelineStatus during = wf.status();
    assertEquals(Phase.DEGRADED, during.phase());
    assertEquals(ConnectService.ROTATED, during.error());
    release.countDown();
    check.get(60, TimeUnit.SECONDS);

    PipelineTestWorkflow.awaitStatus(
        wf, "READY again after the roll", s -> s.phase() == Phase.READY && s.error() == null);
    List<String> calls = aws.callsNow();
    int at = calls.indexOf("ContainerActivities.redeployService");
    assertEquals("ContainerActivities.awaitService", calls.get(at + 1));
    assertTrue(dataPlane.count("awaitConnectorRunning") >= 2, "the connector awaited RUNNING");

    env.sleep(CHECK);
    env.sleep(CHECK);
    assertEquals(1, redeploys(), "rolled exactly once for v2");
    assertTrue(
        wf.status().steps().stream()
            .anyMatch(s -> s.name().equals("redeployEcsService") && s.state().equals("COMPLETED")));
    destroy(wf);
  }

  @Test
  void aRollThatDoesNotSettle_isReportedDegraded_andNotRolledAgainForTheSameVersion(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    AtomicBoolean redeployed = new AtomicBoolean();
    ScriptedAws scripted = redeploying(redeployed);
    scripted.answering(
        "awaitService",
        inv -> {
          if (redeployed.get()) {
            throw ApplicationFailure.newNonRetryableFailure(
                "task stopped: CannotPullContainerError", "TaskStopped");
          }
          return new Readiness(1, "ready");
        });
    PipelineWorkflow wf = ready(env, worker, scripted);
    env.sleep(CHECK);

    aws.secretVersion = "v2";
    env.sleep(CHECK);
    PipelineStatus after = wf.status();
    assertEquals(Phase.DEGRADED, after.phase());
    assertTrue(
        after.error().startsWith(ConnectService.ROTATED + " failed: ")
            && after.error().contains("CannotPullContainerError"),
        after.error());

    env.sleep(CHECK);
    assertEquals(1, redeploys(), "new tasks were started with v2: a second roll would not help");
    assertEquals(Phase.READY, wf.status().phase(), "the next check judges the connector");
    destroy(wf);
  }
}
