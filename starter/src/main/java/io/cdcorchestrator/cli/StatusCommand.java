package io.cdcorchestrator.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc status NAME [--json]}. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a pipeline's phase, steps, resources and outputs.",
      "Steps show state, attempts and duration. A running pipeline answers its status query; a finished one shows "
          + "its result or failure."
    },
    footer = {"", "Exit codes: 0 shown, 1 failure, 2 bad input, 3 no pipeline of that name."})
final class StatusCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(
      names = "--json",
      description = "Print the status as JSON (phase, steps, resources, outputs).")
  boolean json;

  @Override
  public Integer call() {
    String name = pipeline.validated();
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(root)) {
      Pipelines pipelines = session.pipelines();
      Pipelines.Snapshot snapshot = pipelines.read(name);
      if (!snapshot.fromWorkflow() && pipelines.queryProblem() != null) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("note: " + pipelines.queryProblem() + "; showing what the server records");
        err.flush();
      }
      if (json) {
        out.println(Json.pretty(snapshot.status()));
        out.flush();
      } else {
        StatusText.print(out, snapshot.status());
      }
      return 0;
    }
  }
}
