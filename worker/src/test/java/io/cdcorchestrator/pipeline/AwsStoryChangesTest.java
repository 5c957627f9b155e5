package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.aws.AwsPorts;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRuleRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.preflight.Finding;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the AWS story does since issue 11, with time skipping and scripted activities: the preflight
 * first (a blocker ends the run before anything exists; its zones place the subnets), the
 * secret-read policy right after the DB instance's create, and 8083 inside the internal group when
 * Kafka Connect runs more than one task.
 */
class AwsStoryChangesTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private ScriptedAws aws;

  private PipelineWorkflow start(
      TestWorkflowEnvironment env, Worker worker, ScriptedAws scripted, AwsSpec spec) {
    aws = scripted;
    ScriptedActivities acts = new ScriptedActivities();
    worker.registerActivitiesImplementations(aws.all());
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    return PipelineTestWorkflow.start(env, worker, PipelineSpec.aws("s", spec));
  }

  private static AwsSpec spec(int connectTasks) {
    return new AwsSpec(
        null,
        "203.0.113.0/24",
        null,
        null,
        null,
        null,
        new AwsSpec.Connect(null, null, null, connectTasks, null));
  }

  @Test
  void aPreflightBlocker_endsTheRunBeforeAnythingIsCreated(
      TestWorkflowEnvironment env, Worker worker) {
    Finding blocker =
        Finding.blocker(
            "aws.zones",
            "network.availabilityZones[1]: zone us-east-1e (use1-az3) does not offer kafka.t3.small"
                + " MSK brokers",
            "list other zones");
    PipelineWorkflow wf = start(env, worker, new ScriptedAws().preflight(blocker), spec(1));

    assertThrows(
        WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class));
    PipelineStatus s = wf.status();
    assertEquals(Phase.FAILED, s.phase());
    assertTrue(aws.created.isEmpty(), "nothing created: " + aws.created);
    assertEquals(List.of("PreflightActivities.check"), aws.calls, "no call after the preflight");
    assertTrue(s.error().startsWith("preflight: aws.zones: "), s.error());
    assertTrue(s.error().contains("us-east-1e (use1-az3)"), s.error());
    assertTrue(s.error().contains("remedy: list other zones"), s.error());
  }

  @Test
  void thePreflightsZones_placeTheSubnets(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws(), spec(1));
    PipelineStatus ready = awaitReady(wf);

    assertEquals("preflight", ready.steps().get(0).name());
    assertTrue(
        ready.steps().get(0).detail().contains("us-east-1c (use1-az2)"),
        ready.steps().get(0).toString());
    List<String> zones =
        aws.requests.stream()
            .filter(r -> r instanceof SubnetRequest)
            .map(r -> ((SubnetRequest) r).availabilityZone())
            .toList();
    assertEquals(List.of("us-east-1c", "us-east-1d", "us-east-1c", "us-east-1d"), zones);
  }

  /**
   * The policy is on the role while RDS (5-15 min) and MSK (15-60) build, not put there seconds
   * before the first Connect task reads the secret.
   */
  @Test
  void theSecretReadPolicy_followsTheInstanceCreate_beforeAnyWaitOfItsStage(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws(), spec(1));
    awaitReady(wf);

    List<String> calls = aws.callsNow();
    int policy = calls.indexOf("ContainerActivities.createSecretReadPolicy");
    assertTrue(calls.indexOf("DatabaseActivities.createInstance") < policy, calls.toString());
    assertTrue(calls.indexOf("ContainerActivities.createExecutionRole") < policy);
    assertTrue(policy < calls.indexOf("DatabaseActivities.awaitInstance"), calls.toString());
    assertTrue(policy < calls.indexOf("DatabaseActivities.describeInstance"), calls.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void connectWorkers_reachEachOtherOn8083_whenThereAreSeveral(
      int tasks, TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws(), spec(tasks));
    awaitReady(wf);

    List<SecurityGroupRuleRequest> selfOn8083 =
        aws.requests.stream()
            .filter(r -> r instanceof SecurityGroupRuleRequest)
            .map(r -> (SecurityGroupRuleRequest) r)
            .filter(r -> r.fromPort() == AwsPorts.CONNECT && r.source().equals(r.groupId()))
            .toList();
    assertEquals(tasks >= 2 ? 1 : 0, selfOn8083.size(), selfOn8083.toString());
  }

  private static PipelineStatus awaitReady(PipelineWorkflow wf) throws InterruptedException {
    return PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
  }
}
