package io.cdcorchestrator.pipeline;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowExtension;

/** The time-skipping test environment every pipeline workflow test uses: the workflow and its search attributes. */
final class PipelineTestEnvironment {
  private PipelineTestEnvironment() {}

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
