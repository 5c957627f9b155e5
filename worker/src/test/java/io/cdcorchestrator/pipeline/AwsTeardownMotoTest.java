package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.ContainerActivitiesImpl;
import io.cdcorchestrator.aws.DatabaseActivitiesImpl;
import io.cdcorchestrator.aws.KafkaActivitiesImpl;
import io.cdcorchestrator.aws.LoadBalancerActivitiesImpl;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.NetworkActivitiesImpl;
import io.cdcorchestrator.aws.SweepActivitiesImpl;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.StepRecord;
import io.cdcorchestrator.model.SweepResult;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.preflight.PreflightActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Teardown of a half-built stack on moto, with the real activities: moto never makes an MSK cluster
 * ACTIVE (docs/ARCHITECTURE.md, "moto's gaps"), so the run waits on MSK with everything else built.
 * {@code cdc down} then cancels the wait and compensates; a terminated run's leftovers are found
 * and deleted by the sweep. Either way a tag and name scan finds nothing of the pipeline afterwards
 * (NAT gateways listed as {@code deleted} aside).
 */
@ExtendWith(Moto.class)
class AwsTeardownMotoTest {
  /** Set to a directory to write this run's history into the replay suite (see RecordHistories). */
  static final String RECORD = "cdc.recordHistories";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private static PipelineWorkflow untilMskWait(
      TestWorkflowEnvironment env, Worker worker, AwsClients clients, String name)
      throws InterruptedException {
    worker.registerWorkflowImplementationTypes(SweepWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new PreflightActivitiesImpl(clients),
        new NetworkActivitiesImpl(clients),
        new DatabaseActivitiesImpl(clients),
        new KafkaActivitiesImpl(clients),
        new ContainerActivitiesImpl(clients),
        new AwsStoryMotoTest.MotoLoadBalancer(new LoadBalancerActivitiesImpl(clients)),
        new SweepActivitiesImpl(clients));
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
    WorkflowClient.start(
        wf::run,
        PipelineSpec.aws(name, new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null)),
        null);
    // everything but MSK built: the MSK wait is the only step still running
    long deadline = System.currentTimeMillis() + 180_000;
    while (true) {
      PipelineStatus s = wf.status();
      List<String> running =
          s.steps().stream()
              .filter(st -> st.state().equals("RUNNING"))
              .map(StepRecord::name)
              .toList();
      boolean othersDone =
          s.steps().stream()
                  .anyMatch(
                      st -> st.name().equals("awaitLoadBalancer") && st.state().equals("COMPLETED"))
              && s.steps().stream()
                  .anyMatch(
                      st ->
                          st.name().equals("describeDbInstance") && st.state().equals("COMPLETED"));
      if (othersDone && running.equals(List.of("awaitMskCluster"))) {
        return wf;
      }
      assertTrue(
          System.currentTimeMillis() < deadline && s.phase() == Phase.PROVISIONING,
          "not at the MSK wait: " + s);
      Thread.sleep(50);
    }
  }

  /**
   * Tagged EC2 resources once only the MSK wait runs: VPC, 4 subnets, IGW, EIP, NAT, 2 route
   * tables, 3 security groups (external, internal, bastion), 6 rules, the bastion instance.
   */
  private static final int NETWORK_AND_BASTION = 1 + 4 + 1 + 1 + 1 + 2 + 3 + 6 + 1;

  @Test
  void downWhileMskNeverBecomesActive_compensatesEverything(
      TestWorkflowEnvironment env, Worker worker, AwsClients clients) throws Exception {
    String name = Moto.newStack("msk-wait").pipeline();
    PipelineWorkflow wf = untilMskWait(env, worker, clients, name);
    AwsStack stack = AwsStack.of(name);
    assertEquals(
        NETWORK_AND_BASTION,
        AwsStoryMotoTest.ec2Live(clients, stack).size(),
        "the network and the bastion are there (routes and associations carry no tag)");
    assertTrue(
        AwsStoryMotoTest.othersLive(clients, stack).size() >= 9,
        AwsStoryMotoTest.othersLive(clients, stack).toString());

    wf.destroy();
    PipelineStatus done =
        WorkflowStub.fromTyped(wf).getResult(120, TimeUnit.SECONDS, PipelineStatus.class);
    assertEquals(Phase.DESTROYED, done.phase(), String.valueOf(done.error()));
    assertTrue(done.resources().isEmpty(), done.resources().toString());
    assertTrue(
        done.steps().stream()
            .anyMatch(s -> s.name().equals("awaitMskCluster") && s.state().equals("CANCELLED")),
        done.steps().toString());
    assertEquals(List.of(), AwsStoryMotoTest.ec2Live(clients, stack));
    assertEquals(List.of(), AwsStoryMotoTest.othersLive(clients, stack));

    String record = System.getProperty(RECORD);
    if (record != null && !record.isBlank()) {
      Files.writeString(
          Path.of(record, "aws-moto-destroyed-while-msk-creating.json"),
          env.getWorkflowClient().fetchHistory(PipelineNames.workflowId(name)).toJson(true));
    }
  }

  @Test
  void sweepAfterATerminatedRun_deletesWhatItLeft(
      TestWorkflowEnvironment env, Worker worker, AwsClients clients) throws Exception {
    String name = Moto.newStack("swept").pipeline();
    PipelineWorkflow wf = untilMskWait(env, worker, clients, name);
    WorkflowStub.fromTyped(wf).terminate("test: a run that dies without compensating");
    AwsStack stack = AwsStack.of(name);
    int ec2Before = AwsStoryMotoTest.ec2Live(clients, stack).size();
    int othersBefore = AwsStoryMotoTest.othersLive(clients, stack).size();
    assertTrue(
        ec2Before == NETWORK_AND_BASTION && othersBefore >= 9, ec2Before + " " + othersBefore);

    SweepResult swept = sweep(env, worker, name);
    assertEquals(List.of(), swept.left());
    assertTrue(swept.deleted().size() >= ec2Before + othersBefore, swept.deleted().toString());
    assertEquals(List.of(), AwsStoryMotoTest.ec2Live(clients, stack));
    assertEquals(List.of(), AwsStoryMotoTest.othersLive(clients, stack));

    SweepResult again = sweep(env, worker, name);
    assertEquals(List.of(), again.deleted(), "a second sweep finds nothing");
    assertEquals(List.of(), again.left());
  }

  private static SweepResult sweep(TestWorkflowEnvironment env, Worker worker, String name) {
    SweepWorkflow sweep =
        env.getWorkflowClient()
            .newWorkflowStub(
                SweepWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(SweepWorkflow.workflowId(name))
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    return sweep.sweep(name);
  }
}
