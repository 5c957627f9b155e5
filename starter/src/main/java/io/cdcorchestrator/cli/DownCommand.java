package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.Phase;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cdc down NAME}: the {@code destroy} signal, then (by default) the wait for DESTROYED. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Tears a pipeline down and waits until it is DESTROYED.",
      "Sends the destroy signal (also while it is still provisioning: the current step stops "
          + "and what was created is removed in reverse) and waits until the workflow completes with phase DESTROYED.",
      "Idempotent: a pipeline that is no longer running is a no-op success."
    },
    footer = {
      "",
      "Exit codes: 0 destroyed (or nothing to do), 1 failure, 2 bad input, 3 no pipeline of that name."
    })
final class DownCommand implements Callable<Integer> {
  /** How long the wait for DESTROYED lasts at most (AWS teardown takes a while). */
  static final Duration TIMEOUT = Duration.ofMinutes(120);

  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(names = "--follow", description = "Show live progress of the teardown steps.")
  boolean follow;

  @Option(names = "--no-wait", description = "Return as soon as the destroy signal was accepted.")
  boolean noWait;

  @Override
  public Integer call() {
    String name = pipeline.validated();
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(root)) {
      return down(
          session.pipelines(), name, out, new Progress(out, follow), noWait, () -> false, TIMEOUT);
    }
  }

  /**
   * Shared with {@code demo}: destroy, wait (showing the teardown steps on {@code progress}),
   * report. 0 when DESTROYED or nothing to do.
   */
  static int down(
      Pipelines pipelines,
      String name,
      PrintWriter out,
      Progress progress,
      boolean noWait,
      BooleanSupplier stop,
      Duration timeout) {
    var run = pipelines.describe(name).orElseThrow(() -> CliException.notFound(name));
    if (run.getStatus()
        != io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      Pipelines.Snapshot last = pipelines.read(run);
      out.println(
          "pipeline "
              + name
              + " is not running (last run "
              + last.phase()
              + (last.status().error() == null ? "" : ": " + last.status().error())
              + "); nothing to tear down");
      out.flush();
      return 0;
    }
    progress.baseline(pipelines.read(run).status());
    pipelines.destroy(name);
    if (noWait) {
      out.println(
          "destroy requested for pipeline "
              + name
              + " (./cdc status "
              + name
              + " shows the teardown)");
      out.flush();
      return 0;
    }
    out.println("tearing down pipeline " + name + " ...");
    out.flush();
    Pipelines.Snapshot end = progress.follow(pipelines, name, s -> !s.open(), stop, timeout);
    if (end == null && stop.getAsBoolean()) {
      throw CliException.failure(
          "stopped waiting for pipeline "
              + name
              + " to tear down (./cdc status "
              + name
              + " shows what is left)");
    }
    if (end == null) {
      throw CliException.failure(
          "pipeline "
              + name
              + " did not finish tearing down within "
              + timeout.toMinutes()
              + " min (./cdc status "
              + name
              + ")");
    }
    if (end.phase() != Phase.DESTROYED) {
      throw CliException.failure(
          "pipeline "
              + name
              + " ended "
              + end.phase()
              + (end.status().error() == null ? "" : ": " + end.status().error()));
    }
    out.println("pipeline " + name + " destroyed");
    out.flush();
    return 0;
  }
}
