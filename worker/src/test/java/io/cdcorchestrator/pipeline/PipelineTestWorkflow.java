package io.cdcorchestrator.pipeline;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowExtension;

/** The test server as the pipeline workflow needs it: its search attributes registered, started by each test. */
final class PipelineTestWorkflow {
  private PipelineTestWorkflow() {}

  static TestWorkflowExtension extension() {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(PipelineWorkflowImpl.class)
        .registerSearchAttribute("CdcPipeline", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("CdcTarget", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("CdcPhase", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .setDoNotStart(true)
        .build();
  }
}
