package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.pipeline.PipelineWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of a change (CONTRACT.md: exit 0 done, 1 refused or failed, 2 bad input, 3
 * unknown): the pipeline must be running with a worker that answers; the change is a Temporal
 * Update, followed step by step until it answers; its refusal or failure becomes one line.
 */
final class PipelineChanges {
  /** A change no worker accepts in this time is reported, not waited for. */
  static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);

  /** How long the CLI follows a change (an incremental snapshot of a big table takes a while). */
  static final Duration FOLLOW_TIMEOUT = Duration.ofHours(6);

  private final Pipelines pipelines;
  private final WorkflowClient client;

  PipelineChanges(Session session) {
    this.pipelines = session.pipelines();
    this.client = session.client();
  }

  Pipelines pipelines() {
    return pipelines;
  }

  /**
   * The pipeline as its workflow answers now; exit 3 when it never ran, 1 when its run is over or
   * no worker answers (a change needs one).
   */
  Pipelines.Snapshot running(String name) {
    var run = pipelines.describe(name).orElseThrow(() -> CliException.notFound(name));
    Pipelines.Snapshot now = pipelines.read(run);
    if (run.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw CliException.failure(
          "pipeline "
              + name
              + " is not running (last run "
              + now.phase()
              + "); ./cdc up "
              + name
              + " first");
    }
    if (!now.fromWorkflow()) {
      throw CliException.failure(
          "pipeline " + name + " cannot be changed now: " + pipelines.queryProblem());
    }
    return now;
  }

  /** What {@code apply} would do, as the workflow computes it. */
  ChangePlan plan(String name, ChangeRequest request) {
    PipelineWorkflow workflow =
        client.newWorkflowStub(PipelineWorkflow.class, PipelineNames.workflowId(name));
    try {
      return workflow.plan(request);
    } catch (WorkflowException e) {
      throw CliException.failure(
          "pipeline " + name + " did not answer the plan query: " + Pipelines.rootMessage(e), e);
    }
  }

  /**
   * Sends the update {@code update} (with {@code args}) and follows its steps on {@code progress}
   * until it answers with the status after it.
   */
  PipelineStatus run(String name, String update, Progress progress, Object... args) {
    WorkflowStub stub = client.newUntypedWorkflowStub(PipelineNames.workflowId(name));
    CompletableFuture<WorkflowUpdateHandle<PipelineStatus>> accepted =
        CompletableFuture.supplyAsync(
            () ->
                stub.startUpdate(update, WorkflowUpdateStage.ACCEPTED, PipelineStatus.class, args));
    WorkflowUpdateHandle<PipelineStatus> handle;
    try {
      handle = accepted.get(ACCEPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw CliException.failure(
          "no worker accepted the "
              + update
              + " of pipeline "
              + name
              + " within "
              + ACCEPT_TIMEOUT.toSeconds()
              + " s (is a worker running? ./cdc worker); it runs once one does",
          e);
    } catch (ExecutionException e) {
      throw failure(update, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted", e);
    }
    CompletableFuture<PipelineStatus> result = handle.getResultAsync();
    progress.follow(pipelines, name, s -> result.isDone(), () -> false, FOLLOW_TIMEOUT);
    try {
      return result.get(1, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw CliException.failure(
          "stopped following the "
              + update
              + " of pipeline "
              + name
              + "; it goes on in the workflow (./cdc status "
              + name
              + ")",
          e);
    } catch (ExecutionException e) {
      throw failure(update, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failure("interrupted", e);
    }
  }

  /**
   * {@code pause}, {@code resume} or {@code stop} of pipeline {@code name}: the steps it ran as
   * they happen, then one line with the phase it left the pipeline in.
   */
  static int connector(CdcCommand root, java.io.PrintWriter out, String name, String update) {
    try (Session session = Session.open(root)) {
      PipelineChanges changes = new PipelineChanges(session);
      Pipelines.Snapshot before = changes.running(name);
      Progress progress = new Progress(out, true);
      progress.from(before.status());
      PipelineStatus after = changes.run(name, update, progress);
      progress.show(after);
      out.println(
          "pipeline "
              + name
              + " is "
              + after.phase()
              + (before.phase() == after.phase() ? " (it was already)" : "")
              + ": "
              + switch (update) {
                case "pause" -> "connector paused, no events until ./cdc resume " + name;
                case "stop" ->
                    "connector stopped, its tasks released; ./cdc resume "
                        + name
                        + " starts them again";
                default -> "connector running";
              });
      out.flush();
      return 0;
    }
  }

  /**
   * A validator's refusal (exit 1) or bad input (exit 2), or a change that failed (exit 1): the
   * workflow's own line.
   */
  static CliException failure(String update, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        String message = af.getOriginalMessage();
        if (ChangeRequest.INVALID.equals(af.getType())) {
          return CliException.badInput("spec." + message);
        }
        if (ChangeRequest.REFUSED.equals(af.getType())) {
          String line =
              message.startsWith("refused:")
                  ? update + " " + message
                  : message.contains("refused") ? message : update + " refused: " + message;
          return CliException.failure(line, e);
        }
        return CliException.failure(
            message.startsWith(update) ? message : update + " failed: " + message, e);
      }
    }
    return CliException.failure(update + " failed: " + Pipelines.rootMessage(e), e);
  }
}
