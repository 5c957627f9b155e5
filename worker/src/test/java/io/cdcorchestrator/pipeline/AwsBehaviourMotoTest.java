package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Issue 11: the AWS story on moto with the {@link AwsBehaviour} double — a security group not
 * visible right after its create, an execution role ECS cannot assume yet, a first Connect task
 * that stops for a transient reason, an MSK delete refused in a transitional state — still reaches
 * READY and tears down leaving nothing. Before the fixes, the stopped task ended the run at
 * awaitEcsService and the refused delete left the cluster (and so its subnets and groups) behind.
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
