package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AWS story with time skipping and Mockito AWS activities: what it creates, and what it undoes.
 */
class AwsPipelineWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      PipelineTestWorkflow.extensionWithoutSiblingCancel();

  /**
   * 4 subnets, 2 route tables with a route and 2 associations each, 3 groups (with the bastion's)
   * and 6 rules, 12 in the parallel stage (with the bastion), 3 more.
   */
  static final int AWS_RESOURCES =
      1 + 4 + 1 + 1 + 1 + 2 * (1 + 1 + 2) + 3 + 6 + 2 + 3 + 6 + 1 + 1 + 2;

  private ScriptedActivities acts;
  private ScriptedAws aws;

  private PipelineWorkflow start(
      TestWorkflowEnvironment env, Worker worker, ScriptedAws scripted, String name) {
    return start(env, worker, scripted, new ScriptedActivities(), name, null);
  }

  private PipelineWorkflow start(
      TestWorkflowEnvironment env,
      Worker worker,
      ScriptedAws scripted,
      ScriptedActivities dataPlane,
      String name,
      String access) {
    acts = dataPlane;
    aws = scripted;
    worker.registerActivitiesImplementations(acts.sandbox);
    worker.registerActivitiesImplementations(aws.all());
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
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
        PipelineSpec.aws(
            name, new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null, access)),
        null);
    return wf;
  }

  private static PipelineStatus awaitReady(PipelineWorkflow wf) throws InterruptedException {
    return PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
  }

  private static PipelineStatus result(PipelineWorkflow wf) throws Exception {
    return WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
  }

  @Test
  void happyPath_reachesReady_withEveryAwsResource_thenDestroysInReverse(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws(), "a");

    PipelineStatus ready = awaitReady(wf);
    List<PipelineStatus.ResourceStatus> awsResources =
        ready.resources().stream().filter(r -> r.type().startsWith("aws:")).toList();
    assertEquals(AWS_RESOURCES, awsResources.size(), awsResources.toString());
    assertEquals(
        new HashSet<>(aws.created), new HashSet<>(awsResources.stream().map(r -> r.id()).toList()));
    assertEquals(VpcRequest.TYPE, awsResources.get(0).type());
    assertEquals(4, awsResources.stream().filter(r -> r.type().equals(SubnetRequest.TYPE)).count());
    assertEquals(
        List.of(ResourceTypes.DB_CDC_OBJECTS, ResourceTypes.CONNECTOR),
        ready.resources().subList(AWS_RESOURCES, ready.resources().size()).stream()
            .map(r -> r.type())
            .toList());
    assertEquals("jdbc:postgresql://pg.rds.example:5432/inventory", ready.outputs().get("jdbcUrl"));
    assertTrue(
        ready.outputs().get("connectUrl").endsWith(".elb.example"), ready.outputs().toString());
    assertFalse(
        ready.outputs().containsKey("kafkaBootstrap"),
        "the data plane cannot reach MSK from outside");
    assertTrue(
        ready.steps().stream().allMatch(s -> s.state().equals("COMPLETED")),
        ready.steps().toString());
    // Kafka Connect only after MSK's brokers and the RDS endpoint; the service only after the
    // listener
    List<String> calls = aws.calls;
    assertTrue(
        calls.indexOf("KafkaActivities.describeCluster")
            < calls.indexOf("ContainerActivities.createTaskDefinition"));
    assertTrue(
        calls.indexOf("DatabaseActivities.describeInstance")
            < calls.indexOf("ContainerActivities.createTaskDefinition"));
    assertTrue(
        calls.indexOf("LoadBalancerActivities.createListener")
            < calls.indexOf("ContainerActivities.createService"));
    // the private routes go through the NAT gateway once it is available; the service's tasks
    // reach out through them
    assertTrue(
        calls.indexOf("NetworkActivities.awaitNatGateway")
            < calls.lastIndexOf("NetworkActivities.createRouteTable"));
    assertTrue(
        calls.lastIndexOf("NetworkActivities.createRoute")
            < calls.indexOf("ContainerActivities.createService"));
    // the bastion (the default access): running before its host key is pinned, pinned before any
    // data-plane call
    assertTrue(
        calls.indexOf("NetworkActivities.createBastion")
            < calls.indexOf("NetworkActivities.awaitBastion"));
    assertEquals(0, acts.calls().indexOf("pinBastionHostKey"), acts.calls().toString());
    assertTrue(
        ready.outputs().get("dataPlaneAccess").startsWith("via bastion instance-"),
        ready.outputs().toString());
    assertTrue(
        ready.outputs().get("dataPlaneAccess").contains("198.51.100.7:22"),
        ready.outputs().toString());

    env.registerDelayedCallback(Duration.ofMinutes(1), wf::destroy);
    PipelineStatus done = result(wf);
    assertEquals(Phase.DESTROYED, done.phase());
    assertTrue(done.resources().isEmpty(), done.resources().toString());
    assertEquals(
        new HashSet<>(awsResources.stream().map(r -> r.id()).toList()), new HashSet<>(aws.deleted));
    assertEquals(AWS_RESOURCES, aws.deleted.size(), "each resource deleted once: " + aws.deleted);
    TeardownOrder.assertRespected(aws.teardown);
    // the waits that make the order safe: each slow delete is awaited before its dependents go
    for (String wait :
        List.of(
            "aws:ecs:service",
            "aws:elb:load-balancer",
            "aws:kafka:cluster",
            "aws:rds:db-instance",
            "aws:ec2:nat-gateway")) {
      assertTrue(aws.teardown.contains("awaitDeleted " + wait), aws.teardown.toString());
    }
    assertTrue(aws.teardown.contains("awaitNetworkInterfacesDrained"));
    assertEquals("delete aws:ec2:vpc", aws.teardown.get(aws.teardown.size() - 1));
  }

  /**
   * The NAT gateway's wait (1-3 min on AWS) delays only the Kafka Connect service: MSK, RDS, the
   * load balancer and the bastion are created while it is still waiting. The scripted wait holds
   * until they are (up to 10 s of real time: with the wait in their way they never would be).
   */
  @Test
  void theNatGatewaysWait_delaysOnlyTheConnectService(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    List<String> whileNatWaits = Collections.synchronizedList(new ArrayList<>());
    List<String> others =
        List.of(
            "KafkaActivities.createCluster",
            "DatabaseActivities.createInstance",
            "LoadBalancerActivities.createLoadBalancer",
            "NetworkActivities.createBastion");
    ScriptedAws scripted = new ScriptedAws();
    scripted.answering(
        "awaitNatGateway",
        inv -> {
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (!scripted.callsNow().containsAll(others) && System.nanoTime() < until) {
            Thread.sleep(50);
          }
          whileNatWaits.addAll(scripted.callsNow());
          return new Readiness(1, "ready");
        });
    PipelineWorkflow wf = start(env, worker, scripted, "nat");

    awaitReady(wf);
    assertTrue(whileNatWaits.containsAll(others), "created while the NAT waits: " + whileNatWaits);
    assertFalse(
        whileNatWaits.contains("ContainerActivities.createService"),
        "the service's tasks need the NAT route: " + whileNatWaits);
  }

  /**
   * A permanent failure anywhere: compensation deletes exactly what was recorded (the failed
   * create's own intent too: it may have half-applied), each once, in the teardown order.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "createVpc",
        "createNatGateway",
        "awaitNatGateway",
        "createSecurityGroupRule",
        "createSecretReadPolicy",
        "createTaskDefinition",
        "createService",
        "awaitService",
        "awaitTargetHealthy"
      })
  void permanentFailure_compensatesExactlyWhatWasRecorded_inTeardownOrder(
      String step, TestWorkflowEnvironment env, Worker worker) {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws().failing(step), "f");

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(wf));
    ActivityFailure af = assertInstanceOf(ActivityFailure.class, e.getCause());
    assertTrue(
        ((ApplicationFailure) af.getCause())
            .getOriginalMessage()
            .contains("injected permanent failure"));

    List<String> deletes = new ArrayList<>(aws.deleted);
    List<String> intents = deletes.stream().filter(id -> !aws.created.contains(id)).toList();
    assertEquals(
        step.startsWith("create") ? 1 : 0,
        intents.size(),
        "the failed create's intent only: " + deletes);
    assertTrue(deletes.containsAll(aws.created), "created " + aws.created + " deleted " + deletes);
    assertEquals(aws.created.size() + intents.size(), deletes.size(), "each once: " + deletes);
    assertEquals(
        "delete aws:ec2:vpc", aws.teardown.get(aws.teardown.size() - 1), "the VPC goes last");
    TeardownOrder.assertRespected(aws.teardown);
    PipelineStatus s = wf.status();
    assertEquals(Phase.FAILED, s.phase());
    assertTrue(s.resources().isEmpty(), s.resources().toString());
    assertFalse(acts.calls().contains("initDatabase"), "the data plane never started");
  }

  /**
   * {@code cdc down} while an AWS wait is still polling: the wait is cancelled, and what was
   * recorded (confirmed or only intended) is deleted once each, in the teardown order; the run ends
   * DESTROYED.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "awaitNatGateway",
        "KafkaActivities.awaitCluster",
        "awaitInstance",
        "awaitLoadBalancer",
        "awaitService",
        "awaitTargetHealthy"
      })
  void destroyDuringAnAwsWait_compensatesWhatWasRecorded_inTeardownOrder(
      String await, TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws().hanging(await), "w");
    String qualified = await.contains(".") ? await : null;
    long deadline = System.currentTimeMillis() + 20_000;
    // the wait polls, and the other branches have settled: the Java test server stalls a run whose
    // cancel crosses an activity's completion (see Parallel), which is not what this test is about
    int seen = -1;
    while (aws.callsNow().stream()
            .noneMatch(c -> qualified != null ? c.equals(qualified) : c.endsWith("." + await))
        || wf.status().steps().stream().filter(st -> st.state().equals("RUNNING")).count() != 1
        || seen != aws.calls.size()) {
      assertTrue(
          System.currentTimeMillis() < deadline, "never reached " + await + ": " + aws.callsNow());
      seen = aws.calls.size();
      Thread.sleep(200);
    }
    List<String> recorded = wf.status().resources().stream().map(r -> r.id()).toList();
    wf.destroy();

    PipelineStatus done;
    try {
      done = result(wf);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no end; status " + wf.status() + "\ncalls " + aws.calls, e);
    }
    assertEquals(Phase.DESTROYED, done.phase(), String.valueOf(done.error()));
    assertTrue(done.resources().isEmpty(), done.resources().toString());
    assertTrue(
        aws.deleted.containsAll(recorded), "recorded " + recorded + " deleted " + aws.deleted);
    assertTrue(
        aws.deleted.containsAll(aws.created), "created " + aws.created + " deleted " + aws.deleted);
    assertEquals(
        new HashSet<>(aws.deleted).size(), aws.deleted.size(), "each once: " + aws.deleted);
    assertTrue(
        aws.deleted.stream()
            .allMatch(id -> aws.created.contains(id) || !id.matches("[a-z-]+-\\d+")),
        "nothing deleted that was neither created nor intended: " + aws.deleted);
    assertEquals(aws.created.get(0), aws.deleted.get(aws.deleted.size() - 1), "the VPC goes last");
    TeardownOrder.assertRespected(aws.teardown);
    assertFalse(acts.calls().contains("initDatabase"), "the data plane never started");
  }

  /**
   * A workflow cancel during the ECS wait: the same teardown, in a detached scope; the run ends
   * cancelled.
   */
  @Test
  void cancelDuringTheEcsWait_compensatesInTeardownOrder(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws().hanging("awaitService"), "c");
    long deadline = System.currentTimeMillis() + 20_000;
    while (!aws.callsNow().contains("ContainerActivities.awaitService")) {
      assertTrue(
          System.currentTimeMillis() < deadline, "never reached awaitService: " + aws.callsNow());
      Thread.sleep(20);
    }
    WorkflowStub.fromTyped(wf).cancel();

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> result(wf));
    assertInstanceOf(io.temporal.failure.CanceledFailure.class, e.getCause());
    assertEquals(new HashSet<>(aws.created), new HashSet<>(aws.deleted));
    assertEquals(aws.created.size(), aws.deleted.size(), "each once: " + aws.deleted);
    TeardownOrder.assertRespected(aws.teardown);
    assertTrue(aws.teardown.contains("awaitDeleted aws:ecs:service"), aws.teardown.toString());
    assertEquals("delete aws:ec2:vpc", aws.teardown.get(aws.teardown.size() - 1));
  }

  /** A failure inside one parallel branch: everything recorded is compensated, the VPC last. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "KafkaActivities.awaitCluster",
        "createInstance",
        "createListener",
        "awaitBastion"
      })
  void permanentFailureInAParallelBranch_compensatesEverything_vpcLast(
      String step, TestWorkflowEnvironment env, Worker worker) {
    PipelineWorkflow wf = start(env, worker, new ScriptedAws().failing(step), "g");

    assertThrows(WorkflowFailedException.class, () -> result(wf));
    assertTrue(
        aws.deleted.containsAll(aws.created), "created " + aws.created + " deleted " + aws.deleted);
    assertEquals(aws.created.get(0), aws.deleted.get(aws.deleted.size() - 1), "the VPC goes last");
    assertFalse(aws.calls.contains("ContainerActivities.createTaskDefinition"));
    assertEquals(Phase.FAILED, wf.status().phase());
    assertTrue(wf.status().resources().isEmpty());
    // the compensated run replays: cancelling the siblings and the teardown's version markers
    // stay in an order the SDK can replay
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                env.getWorkflowClient().fetchHistory(PipelineNames.workflowId("g")),
                PipelineWorkflowImpl.class));
  }

  /**
   * Every data-plane call carries the pinned host key; when the first SSH connection fails (EC2
   * Instance Connect refused), everything is compensated, the bastion included.
   */
  @Test
  void theHostKeyIsPinnedOnceAndCarriedToEveryDataPlaneCall(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    List<DataPlaneAccess> seen = Collections.synchronizedList(new ArrayList<>());
    ScriptedActivities dataPlane = new ScriptedActivities();
    dataPlane.answer(
        "initDatabase",
        inv -> {
          seen.add(inv.getArgument(0));
          return new ResourceRecord(
              ResourceTypes.DB_CDC_OBJECTS, "pub", "created", java.util.Map.of());
        });
    PipelineWorkflow wf = start(env, worker, new ScriptedAws(), dataPlane, "k", null);
    awaitReady(wf);
    assertEquals(1, acts.count("pinBastionHostKey"));
    assertEquals("ssh-ed25519 AAAAC3NzaScripted", seen.get(0).bastion().hostKey());
    assertEquals(BastionAccess.DEFAULT_USER, seen.get(0).bastion().user());
  }

  @Test
  void instanceConnectRefused_compensatesEverything_bastionIncluded(
      TestWorkflowEnvironment env, Worker worker) {
    PipelineWorkflow wf =
        start(
            env,
            worker,
            new ScriptedAws(),
            new ScriptedActivities().failing("pinBastionHostKey"),
            "r",
            null);
    assertThrows(WorkflowFailedException.class, () -> result(wf));
    assertTrue(
        aws.deleted.containsAll(aws.created), "created " + aws.created + " deleted " + aws.deleted);
    assertTrue(
        aws.created.stream().anyMatch(id -> id.startsWith("instance-")), aws.created.toString());
    assertFalse(acts.calls().contains("initDatabase"));
    assertTrue(wf.status().resources().isEmpty());
  }

  /**
   * Direct access: no bastion, no pinning, the internal load balancer admits the operator's range.
   */
  @Test
  void directAccess_hasNoBastion(TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf =
        start(env, worker, new ScriptedAws(), new ScriptedActivities(), "d", AwsSpec.DIRECT);
    PipelineStatus ready = awaitReady(wf);
    assertEquals("direct", ready.outputs().get("dataPlaneAccess"));
    assertFalse(aws.calls.contains("NetworkActivities.createBastion"));
    assertEquals(0, acts.count("pinBastionHostKey"));
    assertEquals(
        AWS_RESOURCES - 3,
        ready.resources().stream().filter(r -> r.type().startsWith("aws:")).count());
  }
}
