package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import io.temporal.common.metadata.WorkflowMethodType;
import org.junit.jupiter.api.Test;

/**
 * {@link Pipelines} asks the status query by its type name, without the SDK's typed stub: the name
 * must be the one the workflow interface registers for {@link PipelineWorkflow#status()}.
 */
class PipelinesTest {
  @Test
  void theStatusQueryName_isTheOneTheWorkflowInterfaceRegisters() throws Exception {
    var method =
        POJOWorkflowInterfaceMetadata.newInstance(PipelineWorkflow.class)
            .getMethodMetadata(PipelineWorkflow.class.getMethod("status"));
    assertEquals(WorkflowMethodType.QUERY, method.getType());
    assertEquals(method.getName(), Pipelines.STATUS_QUERY);
  }
}
