package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.Target;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.plan.AwsPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdc plan --target aws [--spec FILE] [--format text|dot|svg]}: what up would create;
 * creates nothing.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what `up --target aws` would create: every resource with its AWS name and settings, what it "
          + "depends on, the stages and which branches run side by side. Creates nothing and needs neither "
          + "Temporal nor AWS.",
      "The spec is checked exactly as up checks it."
    },
    footer = {"", "Exit codes: 0 shown, 2 bad input."})
final class PlanCommand implements Callable<Integer> {
  /** Shown in AWS names when no --name is given. */
  static final String PLACEHOLDER = "<name>";

  @Spec CommandSpec spec;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "aws",
      description = "The target to plan; only aws has one.")
  String target;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = "The spec up would get (see examples/aws.yaml); without it, the defaults.")
  Path specFile;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "The pipeline name the AWS names derive from (and "
              + "are checked against AWS's name limits).")
  String name;

  @Option(
      names = "--format",
      paramLabel = "text|dot|svg",
      defaultValue = "text",
      description =
          "text (default), dot (a graphviz digraph: dot -Tpng) or svg (a layered drawing).")
  String format;

  @Override
  public Integer call() {
    if (Inputs.target(target) != Target.AWS) {
      throw CliException.badInput(
          "target: only aws has a plan (the sandbox runs inside the worker)");
    }
    if (!java.util.List.of("text", "dot", "svg").contains(format)) {
      throw CliException.badInput("format: '" + format + "' is not one of text, dot, svg");
    }
    String pipeline = name == null ? PLACEHOLDER : Inputs.pipelineName(name);
    // a spec is checked with the real name when one is given, else with a short stand-in
    PipelineSpec loaded =
        specFile == null ? null : SpecFile.loadAws(name == null ? "p" : name, specFile);
    AwsSpec aws =
        loaded == null
            ? new AwsSpec(null, null, null, null, null, null, null).withDefaults()
            : loaded.aws();
    AwsPlan plan = AwsPlan.of(pipeline, aws, loaded == null ? null : loaded.existing());
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case "dot" -> out.print(PlanFormat.dot(plan));
      case "svg" -> out.print(PlanFormat.svg(plan));
      default -> out.print(PlanFormat.text(plan));
    }
    out.flush();
    return 0;
  }
}
