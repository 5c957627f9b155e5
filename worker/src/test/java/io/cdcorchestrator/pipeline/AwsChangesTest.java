package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.ecs.EcsServiceUpdate;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.pipeline.aws.ConnectService;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Day-2 changes of the AWS story with activity doubles ({@link ScriptedAws}): a new Kafka Connect
 * image rolled out, one that never becomes stable rolled back, the desired count, the service's
 * drift and its reconcile, and the stateful resources apply refuses to replace.
 */
class AwsChangesTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  private static final String NEW_IMAGE = "quay.io/debezium/connect:3.6.1.Final";

  private final List<EcsServiceUpdate> updates = Collections.synchronizedList(new ArrayList<>());
  private ScriptedAws aws;

  private PipelineWorkflow ready(TestWorkflowEnvironment env, Worker worker, ScriptedAws scripted)
      throws InterruptedException {
    aws =
        scripted.answering(
            "updateService",
            inv -> {
              EcsServiceUpdate u = inv.getArgument(0);
              updates.add(u);
              return ScriptedAws.service(
                  u.serviceArn(), u.clusterArn(), u.taskDefinitionArn(), u.desiredCount());
            });
    ScriptedActivities dataPlane = new ScriptedActivities();
    worker.registerActivitiesImplementations(dataPlane.sandbox);
    worker.registerActivitiesImplementations(aws.all());
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(dataPlane.dataPlane);
    PipelineWorkflow wf = PipelineTestWorkflow.start(env, worker, spec(null, null));
    PipelineTestWorkflow.awaitStatus(wf, "not READY", s -> s.phase() == Phase.READY);
    return wf;
  }

  /** The example stack, with another image or count where given. */
  private static PipelineSpec spec(String image, Integer count) {
    AwsSpec.Connect connect = new AwsSpec.Connect(image, null, null, count, null);
    return PipelineSpec.aws(
        "u", new AwsSpec(null, "203.0.113.0/24", null, null, null, null, connect, "direct"));
  }

  private static ApplicationFailure failure(Runnable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update::run);
    return assertInstanceOf(ApplicationFailure.class, e.getCause());
  }

  private static void destroy(PipelineWorkflow wf) throws Exception {
    wf.destroy();
    WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, PipelineStatus.class);
  }

  private List<String> containerCalls() {
    return aws.callsNow().stream().filter(c -> c.startsWith("ContainerActivities.")).toList();
  }

  @Test
  void aNewImage_isANewRevision_rolledOut_andWhatTheWatchComparesWith(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = ready(env, worker, new ScriptedAws());
    int before = containerCalls().size();

    PipelineStatus done = wf.apply(new ChangeRequest(spec(NEW_IMAGE, 2), false));
    assertEquals(
        List.of(
            "ContainerActivities.createTaskDefinition",
            "ContainerActivities.updateService",
            "ContainerActivities.awaitService"),
        containerCalls().subList(before, before + 3));
    assertEquals(1, updates.size());
    assertEquals(2, updates.get(0).desiredCount());
    assertTrue(
        done.steps().stream()
            .anyMatch(s -> s.name().equals("awaitEcsService") && s.state().equals("COMPLETED")));
    assertTrue(wf.plan(new ChangeRequest(spec(NEW_IMAGE, 2), false)).empty(), "applied");

    // the service as ECS runs it is now the new revision: no drift at the next check
    env.sleep(Duration.ofSeconds(61));
    assertEquals(List.of(), wf.status().drift());
    destroy(wf);
  }

  @Test
  void anUpgradeThatNeverBecomesStable_isRolledBack_toThePreviousRevision(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws scripted = new ScriptedAws();
    List<String> revisions = Collections.synchronizedList(new ArrayList<>());
    scripted.answering(
        "createTaskDefinition",
        inv -> {
          TaskDefinitionRequest q = inv.getArgument(0);
          String arn = "arn:task-definition/connect:" + (revisions.size() + 1);
          revisions.add(q.image());
          return new ResourceRecord(
              TaskDefinitionRequest.TYPE, arn, "ACTIVE", Map.of("revision", "" + revisions.size()));
        });
    // a task of the new revision keeps stopping: ECS never settles on it
    scripted.answering(
        "awaitService",
        inv -> {
          ResourceRecord s = inv.getArgument(0);
          if (s.attr("taskDefinition").endsWith(":2")) {
            throw NotReady.terminal(
                "ECS service is TASK_STOPPED: a task stopped: CannotPullContainerError");
          }
          return new Readiness(1, "ECS service STABLE");
        });
    PipelineWorkflow wf = ready(env, worker, scripted);

    ApplicationFailure f = failure(() -> wf.apply(new ChangeRequest(spec(NEW_IMAGE, null), false)));
    assertEquals(ConnectService.ROLLED_BACK, f.getType());
    assertTrue(
        f.getOriginalMessage()
            .startsWith(
                "Kafka Connect did not become stable on arn:task-definition/connect:2 (ECS service"
                    + " is TASK_STOPPED: a task stopped: CannotPullContainerError); rolled back to"
                    + " arn:task-definition/connect:1"),
        f.getOriginalMessage());
    assertEquals(2, updates.size(), "forward, then back");
    assertEquals("arn:task-definition/connect:2", updates.get(0).taskDefinitionArn());
    assertEquals("arn:task-definition/connect:1", updates.get(1).taskDefinitionArn());
    assertEquals(1, updates.get(1).desiredCount());

    PipelineStatus after = wf.status();
    assertEquals(Phase.READY, after.phase());
    assertTrue(
        after.steps().stream()
            .anyMatch(s -> s.name().equals("rollBackEcsService") && s.state().equals("COMPLETED")));
    assertEquals(
        NEW_IMAGE,
        wf.plan(new ChangeRequest(spec(NEW_IMAGE, null), false)).changes().get(0).to(),
        "the image change is still to be made");
    destroy(wf);
  }

  @Test
  void aServiceScaledBehindTheWorkflowsBack_isDrift_andReconcileScalesItBack(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedAws scripted = new ScriptedAws();
    scripted.answering(
        "describeService",
        inv -> {
          ResourceRecord s = inv.getArgument(0);
          String count = updates.isEmpty() ? "3" : s.attr("desiredCount"); // someone scaled it
          return ScriptedAws.service(
              s.id(), s.attr("clusterArn"), s.attr("taskDefinition"), Integer.parseInt(count));
        });
    PipelineWorkflow wf = ready(env, worker, scripted);
    env.sleep(Duration.ofSeconds(61));
    assertEquals(List.of("service.desiredCount"), wf.status().drift());

    PipelineStatus reconciled = wf.apply(ChangeRequest.reconcileOnly());
    assertEquals(1, updates.size());
    assertEquals(1, updates.get(0).desiredCount(), "back to what the spec says");
    assertEquals(List.of(), reconciled.drift());
    destroy(wf);
  }

  @Test
  void replacingTheDatabaseTheClusterOrTheNetwork_isRefused_sayingSo(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    PipelineWorkflow wf = ready(env, worker, new ScriptedAws());
    AwsSpec bigger =
        new AwsSpec(
            null,
            "203.0.113.0/24",
            null,
            new AwsSpec.Network(
                "10.200.0.0/16",
                null,
                List.of("10.200.1.0/24", "10.200.4.0/24"),
                List.of("10.200.2.0/24", "10.200.3.0/24")),
            new AwsSpec.Kafka(null, "kafka.m5.large", null, null, null),
            new AwsSpec.Database(null, "db.t4g.small", null),
            null,
            "direct");
    ApplicationFailure f =
        failure(() -> wf.apply(new ChangeRequest(PipelineSpec.aws("u", bigger), false)));
    assertEquals(ChangeRequest.REFUSED, f.getType());
    String m = f.getOriginalMessage();
    assertTrue(m.contains("network: would replace the VPC"), m);
    assertTrue(m.contains("kafka: would replace the MSK cluster"), m);
    assertTrue(m.contains("database: would replace the RDS instance"), m);
    assertTrue(m.contains("cdc down u, then cdc up"), m);
    assertTrue(updates.isEmpty());
    assertEquals(
        1, aws.callsNow().stream().filter(c -> c.endsWith("createTaskDefinition")).count());
    destroy(wf);
  }
}
