package io.cdcorchestrator.pipeline;

/** Placeholder so the skeleton compiles; the lifecycle lands in the next commits. */
public class PipelineWorkflowImpl implements PipelineWorkflow {
  @Override
  public PipelineStatus run(PipelineSpec spec, PipelineState carried) {
    throw new IllegalStateException("pipeline workflow not built yet");
  }

  @Override
  public void destroy() {}

  @Override
  public PipelineStatus status() {
    return null;
  }
}
