package io.cdcorchestrator.archfixture.cli;

import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.cdcorchestrator.pipeline.saga.Inventory;
import java.util.List;

/** A command that builds the workflow implementation and its inventory itself: forbidden. */
public final class SneakyCommand {
  public Object run() {
    return List.of(new PipelineWorkflowImpl(), new Inventory(List.of()));
  }
}
