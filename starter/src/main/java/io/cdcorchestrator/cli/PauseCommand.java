package io.cdcorchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc pause NAME}: the pipeline workflow's {@code pause} update. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = {
      "Pauses the pipeline's connector (Kafka Connect's pause): its tasks stay, no change events until resume; phase PAUSED.",
      "The watch keeps it paused: it is not restarted or judged by its lag meanwhile. A durable change (a workflow update)."
    },
    footer = {
      "",
      "Exit codes: 0 done (also when it already was), 1 refused (provisioning, tearing down, another change running; "
          + "the message says why) or failed, 3 no pipeline of that name."
    })
final class PauseCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Override
  public Integer call() {
    return PipelineChanges.connector(
        root, spec.commandLine().getOut(), pipeline.validated(), "pause");
  }
}
