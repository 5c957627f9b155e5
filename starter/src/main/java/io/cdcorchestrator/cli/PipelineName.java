package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.PipelineNames;
import picocli.CommandLine.Parameters;

/** The NAME argument of the commands that act on one pipeline. */
final class PipelineName {
  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "Pipeline name (" + PipelineNames.NAME_RULE + ").")
  String name;

  /** The name, once it passed the rule (exit 2 otherwise). */
  String validated() {
    return Inputs.pipelineName(name);
  }
}
