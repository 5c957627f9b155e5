package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.ChangePlan;
import io.cdcorchestrator.model.ChangeRequest;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cdc apply NAME --spec FILE [--yes] [--reconcile]}: shows what the workflow would change,
 * asks, then runs the {@code apply} update and follows its steps.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Changes a running pipeline to match a spec file, as one durable change (a workflow update).",
      "Shows the difference first (computed by the workflow) and asks, unless --yes. The file describes the whole "
          + "pipeline: a key left out means its default. A step that fails undoes the earlier ones.",
      "Changeable: tables (each checked for a primary key or REPLICA IDENTITY first; a new table's existing rows "
          + "arrive through an incremental snapshot, then its changes stream), watchIntervalSeconds, lag.*, "
          + "autoRestart.*; aws: connect.image/cpu/memory (a new task definition revision, rolled back if it does "
          + "not become stable) and connect.desiredCount. The database, the MSK cluster and the network are never "
          + "replaced: such a change is refused.",
      "--reconcile puts back what drifted (status shows it): the connector's config and state, and on AWS the "
          + "service's task definition and desired count."
    },
    footer = {
      "",
      "Exit codes: 0 applied or nothing to do, 1 refused (the message says why), not confirmed or failed (undone), "
          + "2 bad input, 3 no pipeline of that name."
    })
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand CdcCommand root;
  @Spec CommandSpec spec;

  @Mixin PipelineName pipeline;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = "The pipeline's spec, as for up (YAML, or JSON for *.json).")
  Path specFile;

  @Option(names = "--yes", description = "Apply without asking.")
  boolean yes;

  @Option(
      names = "--reconcile",
      description = "Also put back what drifted from what the workflow set (alone: only that).")
  boolean reconcile;

  @Override
  public Integer call() {
    String name = pipeline.validated();
    if (specFile == null && !reconcile) {
      throw CliException.badInput(
          "spec: --spec FILE is required (or --reconcile alone, to put drifted settings back)");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(root)) {
      PipelineChanges changes = new PipelineChanges(session);
      Pipelines.Snapshot before = changes.running(name);
      Target target = before.status().target();
      PipelineSpec desired = specFile == null ? null : load(name, target);
      ChangeRequest request = new ChangeRequest(desired, reconcile);
      ChangePlan plan = changes.plan(name, request);
      show(out, name, target, plan);
      if (!plan.refusals().isEmpty()) {
        throw CliException.failure(
            "nothing applied: pipeline "
                + name
                + " cannot take "
                + (plan.refusals().size() == 1 ? "this change" : "these changes"));
      }
      if (plan.empty()) {
        out.println(
            "pipeline "
                + name
                + " already matches"
                + (specFile == null ? "" : " " + specFile)
                + "; nothing to do");
        out.flush();
        return 0;
      }
      if (!yes && !confirmed(out, name)) {
        throw CliException.failure(
            "not applied (the answer was not yes; --yes applies without asking)");
      }
      Progress progress = new Progress(out, true);
      progress.from(before.status());
      PipelineStatus after = changes.run(name, "apply", progress, request);
      progress.show(after);
      out.println(
          "applied: pipeline "
              + name
              + " is "
              + after.phase()
              + ", capturing "
              + String.join(", ", after.tables())
              + (after.drift().isEmpty() ? "" : "; still drifted: " + after.drift()));
      out.flush();
      return 0;
    }
  }

  private PipelineSpec load(String name, Target target) {
    return target == Target.AWS
        ? SpecFile.loadAws(name, specFile)
        : SpecFile.loadSandbox(name, specFile);
  }

  /** The plan as the workflow answered it: one line per setting, its effect indented below. */
  static void show(PrintWriter out, String name, Target target, ChangePlan plan) {
    int count = plan.changes().size() + plan.refusals().size() + plan.drift().size();
    if (count == 0) {
      return;
    }
    out.println(
        "pipeline "
            + name
            + " on "
            + (target == null ? "?" : target.id())
            + ": "
            + count
            + " change"
            + (count == 1 ? "" : "s"));
    for (ChangePlan.Difference d : plan.changes()) {
      out.println("  ~ " + d.key() + ": " + d.from() + " -> " + d.to());
      out.println("      " + d.effect());
    }
    for (String key : plan.drift()) {
      out.println("  < " + key + ": put back to what the workflow set");
    }
    for (ChangePlan.Difference d : plan.refusals()) {
      out.println("  ! " + d.key() + ": " + d.from() + " -> " + d.to());
      out.println("      refused: " + d.effect());
    }
    out.flush();
  }

  private boolean confirmed(PrintWriter out, String name) {
    out.print("apply to pipeline " + name + "? [y/N] ");
    out.flush();
    try {
      String answer =
          new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)).readLine();
      if (System.console() == null) {
        out.println(); // a piped answer is not echoed
      }
      return answer != null
          && (answer.strip().toLowerCase(Locale.ROOT).equals("y")
              || answer.strip().toLowerCase(Locale.ROOT).equals("yes"));
    } catch (IOException e) {
      return false;
    }
  }
}
