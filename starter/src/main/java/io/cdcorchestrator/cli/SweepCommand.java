package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.SweepResult;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.pipeline.SweepWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cdc sweep NAME --target aws}: the sweep workflow ({@code cdc-sweep-<name>}) finds
 * everything tagged {@code cdc:pipeline=NAME} (also what a terminated run left) and deletes it in
 * the teardown order; this prints what it deleted.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes everything of a pipeline that still exists on AWS, whoever left it.",
      "Finds the resources tagged cdc:pipeline=NAME (and those named cdc-NAME-…) and deletes them in the same "
          + "order as down. Use it after a run was terminated, or to be sure nothing is left. Runs as workflow "
          + "cdc-sweep-NAME on a worker's cdc-control queue."
    },
    footer = {
      "",
      "Exit codes: 0 nothing of the pipeline left, 1 failure (something could not be deleted), 2 bad input."
    })
final class SweepCommand implements Callable<Integer> {
  /** AWS teardown waits on MSK (up to 90 min) and RDS deletion. */
  static final Duration TIMEOUT = Duration.ofMinutes(180);

  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "aws",
      description = "Where to sweep: aws (the sandbox leaves nothing once its worker stops).")
  String target;

  @Override
  public Integer call() {
    String name = pipeline.validated();
    if (Inputs.target(target) != Target.AWS) {
      throw CliException.badInput(
          "target: sweep supports only aws (a sandbox pipeline lives in its worker process)");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(root)) {
      SweepResult result = sweep(session.client(), name, out);
      result.deleted().forEach(d -> out.println("deleted " + d));
      if (!result.left().isEmpty()) {
        result.left().forEach(l -> out.println("left " + l));
        out.flush();
        throw CliException.failure(
            "sweep of " + name + " left " + result.left().size() + " resource(s)");
      }
      out.println(
          result.deleted().isEmpty()
              ? "nothing of pipeline " + name + " found"
              : "swept pipeline "
                  + name
                  + ": "
                  + result.deleted().size()
                  + " resource(s) deleted, nothing left");
      out.flush();
      return 0;
    }
  }

  /** Starts the sweep (or joins the one already running) and waits for its result. */
  static SweepResult sweep(WorkflowClient client, String name, PrintWriter out) {
    String id = SweepWorkflow.workflowId(name);
    SweepWorkflow wf =
        client.newWorkflowStub(
            SweepWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.CONTROL)
                .build());
    try {
      WorkflowClient.start(wf::sweep, name);
      out.println("sweeping pipeline " + name + " (workflow " + id + ") ...");
    } catch (WorkflowExecutionAlreadyStarted e) {
      out.println(
          "a sweep of pipeline "
              + name
              + " is already running (workflow "
              + id
              + "); waiting for it ...");
    }
    out.flush();
    try {
      return client
          .newUntypedWorkflowStub(id)
          .getResult(TIMEOUT.toMinutes(), TimeUnit.MINUTES, SweepResult.class);
    } catch (TimeoutException e) {
      throw CliException.failure(
          "sweep of "
              + name
              + " did not finish within "
              + TIMEOUT.toMinutes()
              + " min (workflow "
              + id
              + " goes on)",
          e);
    } catch (WorkflowFailedException e) {
      throw CliException.failure("sweep of " + name + " failed: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
