package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.AwsBehaviour;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.MotoPreflightGaps;
import io.cdcorchestrator.aws.MotoServer;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Issue 11: the AWS story on moto with the {@link AwsBehaviour} double — a security group not
 * visible right after its create, an execution role ECS cannot assume yet, a first Connect task
 * that stops for a transient reason, an MSK delete refused in a transitional state — still reaches
 * READY, follows a rotation of the RDS secret by rolling Kafka Connect once, and tears down leaving
 * nothing. Before the fixes, the stopped task ended the run at awaitEcsService, the refused delete
 * left the cluster (and so its subnets and groups) behind, and the rotation went unnoticed.
 *
 * <p>With {@code -Dcdc.recordHistories=src/test/resources/histories} it also writes the run's
 * history into the replay suite ({@code aws-moto-ready-then-destroyed.json}).
 */
@ExtendWith(Moto.class)
class AwsBehaviourMotoTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  @Test
  void aBadDayOnAws_stillReady_thenNothingLeft(
      TestWorkflowEnvironment env,
      Worker worker,
      MotoMskGaps msk,
      MotoPreflightGaps gaps,
      AwsClients plain)
      throws Exception {
    AwsBehaviour behaviour = new AwsBehaviour().enable();
    try (AwsClients clients = AwsClients.create(MotoServer.REGION, List.of(msk, gaps, behaviour))) {
      String name = Moto.newStack("badday").pipeline();
      worker.registerActivitiesImplementations(AwsStoryMotoTest.activities(clients, msk));
      env.newWorker(TaskQueues.DATAPLANE)
          .registerActivitiesImplementations(new ScriptedActivities().dataPlane);
      PipelineSpec spec =
          PipelineSpec.aws(name, new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null));
      PipelineWorkflow wf = PipelineTestWorkflow.start(env, worker, spec);

      PipelineStatus ready = awaitReady(env, wf);
      assertEquals(Phase.READY, ready.phase());
      for (String b :
          List.of(
              AwsBehaviour.GROUP_NOT_FOUND,
              AwsBehaviour.ROLE_NOT_USABLE,
              AwsBehaviour.TASK_STOPPED)) {
        assertTrue(behaviour.count(b) > 0, b + " happened");
      }

      followsARotatedSecret(env, wf, behaviour, plain, spec.aws().stack(name), name);

      env.registerDelayedCallback(Duration.ofSeconds(61), wf::destroy);
      PipelineStatus done =
          WorkflowStub.fromTyped(wf).getResult(90, TimeUnit.SECONDS, PipelineStatus.class);
      assertEquals(Phase.DESTROYED, done.phase(), String.valueOf(done.error()));
      assertEquals(1, behaviour.count(AwsBehaviour.DELETE_REFUSED), "the refused delete, retried");
      // the replay suite's AWS history of the whole story: preflight to READY (task definition,
      // service, target health, host-key pin, data plane), then DESTROYED
      String record = System.getProperty("cdc.recordHistories");
      if (record != null) {
        Files.writeString(
            Path.of(record, "aws-moto-ready-then-destroyed.json"),
            env.getWorkflowClient().fetchHistory(PipelineNames.workflowId(name)).toJson(true));
      }
      AwsStack stack = spec.aws().stack(name);
      assertEquals(List.of(), AwsStoryMotoTest.ec2Live(plain, stack));
      assertEquals(List.of(), AwsStoryMotoTest.othersLive(plain, stack));
    } finally {
      behaviour.disable();
    }
  }

  /**
   * The watch's first check records the secret version the tasks started with; RDS rotates the
   * secret; a later check rolls the service (one forced deployment, seen by the double and as a new
   * deployment by moto) and the pipeline is READY again, rolled exactly once; the new password is
   * in neither the history nor the status.
   */
  private static void followsARotatedSecret(
      TestWorkflowEnvironment env,
      PipelineWorkflow wf,
      AwsBehaviour behaviour,
      AwsClients plain,
      AwsStack stack,
      String name) {
    env.sleep(Duration.ofSeconds(61)); // a check: the version the tasks started with
    assertEquals(0, behaviour.count(AwsBehaviour.FORCED_DEPLOYMENT), "no rotation, no roll");
    DBInstance db =
        plain
            .rds()
            .describeDBInstances(r -> r.dbInstanceIdentifier(stack.name(AwsNames.DB_INSTANCE)))
            .dbInstances()
            .get(0);
    Service before = connectService(plain, stack);
    String password = behaviour.rotate(plain.secretsManager(), db.masterUserSecret().secretArn());

    long deadline = System.currentTimeMillis() + 60_000;
    while (behaviour.count(AwsBehaviour.FORCED_DEPLOYMENT) == 0
        || wf.status().phase() != Phase.READY) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not rolled, READY again; last status " + wf.status());
      }
      env.sleep(Duration.ofSeconds(5));
    }
    env.sleep(Duration.ofSeconds(122)); // two more checks: the same version, no second roll
    assertEquals(1, behaviour.count(AwsBehaviour.FORCED_DEPLOYMENT), "rolled exactly once");
    assertNotEquals(
        before.deployments().get(0).id(),
        connectService(plain, stack).deployments().get(0).id(),
        "moto started a new deployment");
    PipelineStatus after = wf.status();
    assertEquals(Phase.READY, after.phase(), String.valueOf(after.error()));
    assertTrue(
        after.steps().stream()
            .anyMatch(s -> s.name().equals("redeployEcsService") && s.state().equals("COMPLETED")));
    String history =
        env.getWorkflowClient().fetchHistory(PipelineNames.workflowId(name)).toJson(false);
    assertFalse(history.contains(password), "the rotated password is not in the history");
    assertFalse(after.toString().contains(password), "nor in the status");
  }

  private static Service connectService(AwsClients plain, AwsStack stack) {
    String cluster = stack.name(AwsNames.ECS_CLUSTER);
    return plain
        .ecs()
        .describeServices(r -> r.cluster(cluster).services(stack.name(AwsNames.CONNECT)))
        .services()
        .get(0);
  }

  /**
   * READY, with the test server's clock skipping the retries' backoff and the waits' poll delays (a
   * status query alone does not let it skip).
   */
  private static PipelineStatus awaitReady(TestWorkflowEnvironment env, PipelineWorkflow wf) {
    long deadline = System.currentTimeMillis() + 150_000;
    PipelineStatus s = wf.status();
    while (s.phase() != Phase.READY) {
      if (System.currentTimeMillis() > deadline
          || s.phase() == Phase.FAILED
          || s.phase() == Phase.TEARING_DOWN) {
        throw new AssertionError("not READY; last status " + s);
      }
      env.sleep(Duration.ofSeconds(5));
      s = wf.status();
    }
    return s;
  }
}
