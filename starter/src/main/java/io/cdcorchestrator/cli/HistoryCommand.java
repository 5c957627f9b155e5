package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.PipelineNames;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc history NAME}: the workflow history as JSON, the input of replay tests. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a pipeline run's workflow history as JSON (replay-test input).",
      "Commit it under worker/src/test/resources/histories/ to replay it in tests. Without --run-id: the latest run."
    },
    footer = {
      "",
      "Exit codes: 0 printed, 1 failure, 2 bad input, 3 no pipeline (or run) of that name."
    })
final class HistoryCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "A specific run (see ./cdc status NAME); default: the latest.")
  String runId;

  @Override
  public Integer call() {
    String name = pipeline.validated();
    if (runId != null) {
      Inputs.runId(runId);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(root)) {
      String workflowId = PipelineNames.workflowId(name);
      var run =
          session
              .pipelines()
              .describe(workflowId, runId)
              .orElseThrow(
                  () ->
                      runId == null
                          ? CliException.notFound(name)
                          : CliException.notFound(
                              "run-id: pipeline '" + name + "' has no run " + runId, null));
      String json =
          session.client().fetchHistory(workflowId, run.getExecution().getRunId()).toJson(true);
      out.println(json);
      out.flush();
      return 0;
    }
  }
}
