package io.cdcorchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc stop NAME}: the pipeline workflow's {@code stop} update. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
      "Stops the pipeline's connector (Kafka Connect's stop): its tasks are released, its config and offsets kept; phase STOPPED.",
      "The replication slot keeps the WAL until resume: watch status's lag. A durable change (a workflow update)."
    },
    footer = {
      "",
      "Exit codes: 0 done (also when it already was), 1 refused (provisioning, tearing down, another change running; "
          + "the message says why) or failed, 3 no pipeline of that name."
    })
final class StopCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Override
  public Integer call() {
    return PipelineChanges.connector(
        root, spec.commandLine().getOut(), pipeline.validated(), "stop");
  }
}
