package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.AwsBehaviour;
import io.cdcorchestrator.aws.ContainerActivitiesImpl;
import io.cdcorchestrator.aws.DatabaseActivitiesImpl;
import io.cdcorchestrator.aws.KafkaActivitiesImpl;
import io.cdcorchestrator.aws.LoadBalancerActivitiesImpl;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.MotoPreflightGaps;
import io.cdcorchestrator.aws.MotoServer;
import io.cdcorchestrator.aws.NetworkActivitiesImpl;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.preflight.PreflightActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
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
      worker.registerActivitiesImplementations(
          new PreflightActivitiesImpl(clients),
          new NetworkActivitiesImpl(clients),
          new DatabaseActivitiesImpl(clients),
          new AwsStoryMotoTest.MotoKafka(new KafkaActivitiesImpl(clients), msk),
          new ContainerActivitiesImpl(clients),
          new AwsStoryMotoTest.MotoLoadBalancer(new LoadBalancerActivitiesImpl(clients)));
      env.newWorker(TaskQueues.DATAPLANE)
          .registerActivitiesImplementations(new ScriptedActivities().dataPlane);
      env.start();
      PipelineWorkflow wf =
          env.getWorkflowClient()
              .newWorkflowStub(
                  PipelineWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(PipelineNames.workflowId(name))
                      .setTaskQueue(worker.getTaskQueue())
                      .build());
      PipelineSpec spec =
          PipelineSpec.aws(name, new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null));
      WorkflowClient.start(wf::run, spec, null);

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
