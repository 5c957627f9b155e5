package io.cdcorchestrator.pipeline;

import io.cdcorchestrator.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test: writes the history of a provisioning failure with compensation (scripted activities)
 * into the replay suite. Run on purpose only, before a workflow change:
 * {@code ./mvnw -pl worker test -Dtest=RecordHistories -Dcdc.recordHistories=src/test/resources/histories}.
 * Histories of real sandbox runs come from {@code cdc history NAME} (see README).
 */
@EnabledIfSystemProperty(named = "cdc.recordHistories", matches = ".+")
class RecordHistories {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  @Test
  void failureAtRegisterConnector_compensated(TestWorkflowEnvironment env, Worker worker) throws Exception {
    ScriptedActivities acts = new ScriptedActivities().failing("registerConnector");
    worker.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    env.start();
    PipelineWorkflow wf = env.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("cdc-pipeline-failed").setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(wf::run, PipelineSpec.of("failed", Target.SANDBOX), null);
    try {
      WorkflowStub.fromTyped(wf).getResult(PipelineStatus.class);
    } catch (RuntimeException expected) {
      // the failure is the point
    }
    Path out = Path.of(System.getProperty("cdc.recordHistories"), "sandbox-failure-compensated.json");
    Files.writeString(out, env.getWorkflowClient().fetchHistory("cdc-pipeline-failed").toJson(true));
  }
}
