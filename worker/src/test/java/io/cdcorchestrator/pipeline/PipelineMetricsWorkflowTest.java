package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.observability.Observability;
import io.cdcorchestrator.observability.PrometheusText;
import io.cdcorchestrator.observability.Tracing;
import io.cdcorchestrator.observability.WorkerMetrics;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's metrics through the real path, with Mockito activities and time skipping: the
 * workflow reports its phase through the SDK's metrics scope, the worker's reporter turns that into
 * the phase gauges, the workflow hands its labels to the activities in headers, and the activity
 * interceptor records what the health check and the restart found.
 */
class PipelineMetricsWorkflowTest {
  private WorkerMetrics metrics;
  private Observability observability;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    metrics = new WorkerMetrics();
    observability = Observability.of(metrics, Tracing.off());
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setMetricsScope(metrics.temporalScope())
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(observability.workerInterceptors())
                        .build())
                .build());
    for (String attribute : List.of("CdcPipeline", "CdcTarget", "CdcPhase")) {
      env.registerSearchAttribute(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
  }

  @AfterEach
  void stop() {
    env.close();
    observability.close();
  }

  private double awaitMetric(String name, Map<String, String> labels, Predicate<Double> condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000; // the SDK reports once a second
    OptionalDouble v = OptionalDouble.empty();
    while (System.currentTimeMillis() < deadline) {
      v = PrometheusText.parse(metrics.scrape()).value(name, labels);
      if (v.isPresent() && condition.test(v.getAsDouble())) {
        return v.getAsDouble();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + labels + " never satisfied the condition; last " + v);
  }

  private static Map<String, String> labels(String... extra) {
    Map<String, String> m = new HashMap<>(Map.of("pipeline", "h", "target", "sandbox"));
    for (int i = 0; i < extra.length; i += 2) {
      m.put(extra[i], extra[i + 1]);
    }
    return m;
  }

  @Test
  void ready_degradedWithAFailedTask_restarted_ready_thenDestroyed() throws Exception {
    ScriptedActivities acts = new ScriptedActivities();
    acts.answer(
        "checkHealth",
        inv ->
            acts.count("checkHealth") == 1
                ? new ConnectorHealth("RUNNING", List.of(0), 2048, "task 0 FAILED: boom")
                : new ConnectorHealth("RUNNING", List.of(), 2048, null));
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    control.registerActivitiesImplementations(acts.sandbox);
    env.newWorker(TaskQueues.DATAPLANE).registerActivitiesImplementations(acts.dataPlane);
    env.start();
    PipelineSpec spec = PipelineSpec.of("h", Target.SANDBOX).withWatch(60, 100);
    PipelineWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(PipelineNames.workflowId(spec.name()))
                    .setTaskQueue(TaskQueues.CONTROL)
                    .build());
    WorkflowClient.start(wf::run, spec, null);

    PipelineTestWorkflow.awaitStatus(wf, "READY", s -> s.phase() == Phase.READY);
    awaitMetric("cdc_pipeline_phase", labels("phase", "READY"), v -> v == 1.0);
    assertEquals(
        0.0,
        PrometheusText.parse(metrics.scrape())
            .value("cdc_pipeline_phase", labels("phase", "PROVISIONING"))
            .getAsDouble());
    awaitMetric("cdc_pipeline_provisioning_seconds", labels(), v -> v >= 0);
    awaitMetric("cdc_proof_latency_seconds", labels(), v -> v == 0.12); // the double's 120 ms

    env.sleep(Duration.ofSeconds(61)); // the first health check finds task 0 FAILED
    assertEquals(Phase.DEGRADED, wf.status().phase());
    awaitMetric("cdc_pipeline_phase", labels("phase", "DEGRADED"), v -> v == 1.0);
    awaitMetric("cdc_connector_tasks", labels("state", "FAILED"), v -> v == 1.0);
    awaitMetric("cdc_connector_restarts_total", labels(), v -> v == 1.0);

    env.sleep(Duration.ofSeconds(60)); // healthy again
    awaitMetric("cdc_pipeline_phase", labels("phase", "READY"), v -> v == 1.0);
    awaitMetric("cdc_connector_tasks", labels("state", "FAILED"), v -> v == 0.0);

    wf.destroy();
    PipelineStatus end =
        WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, PipelineStatus.class);
    assertEquals(Phase.DESTROYED, end.phase());
    awaitMetric("cdc_pipeline_phase", labels("phase", "DESTROYED"), v -> v == 1.0);
    awaitMetric("cdc_pipeline_teardown_seconds", labels(), v -> v >= 0);
    PrometheusText after = PrometheusText.parse(metrics.scrape());
    assertFalse(after.has("cdc_connector_tasks"), "no connector gauges for a destroyed pipeline");
    assertTrue(
        after.find("cdc_pipeline_phase", Map.of()).stream()
            .allMatch(
                s -> s.labels().keySet().equals(java.util.Set.of("pipeline", "target", "phase"))),
        "the SDK's namespace/task_queue/workflow_type tags are not on the pipeline gauges");
  }
}
