package io.cdcorchestrator.pipeline;

import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.function.Predicate;

/**
 * The test server as the pipeline workflow needs it: its search attributes registered, started by
 * each test.
 */
final class PipelineTestWorkflow {
  private PipelineTestWorkflow() {}

  /** Polls the {@code status} query until {@code condition} holds, for up to 20 s of wall time. */
  static PipelineStatus awaitStatus(
      PipelineWorkflow wf, String failure, Predicate<PipelineStatus> condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    PipelineStatus s = wf.status();
    while (!condition.test(s)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(failure + "; last status " + s);
      }
      Thread.sleep(20);
      s = wf.status();
    }
    return s;
  }

  /**
   * Starts the environment, then a pipeline run of {@code spec} on {@code worker}'s task queue
   * (activities registered before).
   */
  static PipelineWorkflow start(TestWorkflowEnvironment env, Worker worker, PipelineSpec spec) {
    env.start();
    PipelineWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(PipelineNames.workflowId(spec.name()))
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    WorkflowClient.start(wf::run, spec, null);
    return wf;
  }

  static TestWorkflowExtension extension() {
    return builder().build();
  }

  /**
   * For tests that fail a step inside a parallel branch on the test server: the branches run as in
   * runs recorded before sibling cancellation (see {@link SiblingsRunToTheirEnd} for why).
   */
  static TestWorkflowExtension extensionWithoutSiblingCancel() {
    return builder()
        .setWorkerFactoryOptions(
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new SiblingsRunToTheirEnd())
                .build())
        .build();
  }

  private static TestWorkflowExtension.Builder builder() {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(PipelineWorkflowImpl.class)
        .registerSearchAttribute("CdcPipeline", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("CdcTarget", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("CdcPhase", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .setDoNotStart(true);
  }
}
