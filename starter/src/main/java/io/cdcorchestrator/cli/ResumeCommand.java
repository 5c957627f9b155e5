package io.cdcorchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc resume NAME}: the pipeline workflow's {@code resume} update. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Resumes the pipeline's connector after pause or stop (Kafka Connect's resume); FAILED tasks are restarted and the automatic-restart count starts from zero; phase READY.",
      "Events written meanwhile arrive: the replication slot kept them. A durable change (a workflow update)."
    },
    footer = {
      "",
      "Exit codes: 0 done (also when it already was), 1 refused (provisioning, tearing down, another change running; "
          + "the message says why) or failed, 3 no pipeline of that name."
    })
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Override
  public Integer call() {
    return PipelineChanges.connector(
        root, spec.commandLine().getOut(), pipeline.validated(), "resume");
  }
}
