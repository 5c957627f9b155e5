package io.cdcorchestrator.cli;

import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.plan.AwsPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three forms of {@code cdc plan}: text for people, graphviz dot, and a self-drawn layered SVG.
 */
final class PlanFormat {
  private PlanFormat() {}

  static String text(AwsPlan plan) {
    StringBuilder b = new StringBuilder();
    List<AwsPlan.Step> steps = plan.steps();
    long waits = steps.stream().filter(s -> s.kind() == AwsPlan.Kind.WAIT).count();
    String operator =
        plan.spec().operatorCidr() == null
            ? "operatorCidr (required by up)"
            : plan.spec().operatorCidr();
    b.append("AWS plan for pipeline ")
        .append(plan.pipeline())
        .append(" in ")
        .append(plan.spec().region())
        .append(": ")
        .append(plan.resources().size())
        .append(" resources, ")
        .append(plan.adopted().isEmpty() ? "" : plan.adopted().size() + " adopted, ")
        .append(waits)
        .append(" waits, ")
        .append(plan.stages().size())
        .append(" stages. Nothing is created.\n");
    b.append("Every resource is tagged ")
        .append(AwsStack.PIPELINE_TAG)
        .append('=')
        .append(plan.pipeline())
        .append(plan.spec().tags().isEmpty() ? "" : " plus " + plan.spec().tags())
        .append("; nothing admits 0.0.0.0/0: ")
        .append(exposure(plan.spec(), operator))
        .append(".\n");
    int typeWidth = steps.stream().mapToInt(s -> label(s).length()).max().orElse(0);
    int nameWidth = steps.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (AwsPlan.Stage stage : plan.stages()) {
      b.append("\nstage ").append(stage.number()).append(": ").append(stage.title()).append('\n');
      for (AwsPlan.Branch branch : stage.branches()) {
        String indent = "  ";
        if (stage.parallel()) {
          b.append("  branch ").append(branch.name()).append('\n');
          indent = "    ";
        }
        for (AwsPlan.Step s : branch.steps()) {
          String line =
              String.format(
                  Locale.ROOT,
                  "%s%-" + typeWidth + "s  %-" + nameWidth + "s  %s%s",
                  indent,
                  label(s),
                  s.name(),
                  s.detail(),
                  s.after().isEmpty() ? "" : "  (after " + String.join(", ", s.after()) + ")");
          b.append(line.stripTrailing()).append('\n');
        }
      }
    }
    b.append("\nthen, on task queue ")
        .append(TaskQueues.DATAPLANE)
        .append(
            plan.spec().viaBastion()
                ? " (any worker: each call tunnels through the bastion over SSH): await "
                : " (a worker that reaches the VPC): await ")
        .append(
            "the database, SQL init (table, publication, replication slot), await Kafka Connect, register the ")
        .append("connector, await RUNNING, prove a row change arrives.\n");
    return b.toString();
  }

  /** Who may reach what from outside the pipeline's own groups (AwsNetwork's rules). */
  private static String exposure(AwsSpec spec, String operator) {
    if (spec.viaBastion()) {
      return "only " + operator + " reaches the bastion (SSH); the load balancer is internal";
    }
    return "only "
        + (spec.operatorCidr() == null ? "the VPC (" + spec.network().vpcCidr() + ")" : operator)
        + " reaches the internal load balancer and PostgreSQL";
  }

  /** The resource type of a create; {@code wait}/{@code read} otherwise. */
  private static String label(AwsPlan.Step s) {
    return switch (s.kind()) {
      case CREATE -> s.type();
      case ADOPT -> "adopted " + s.type();
      case WAIT -> "wait";
      case READ -> "read";
    };
  }

  static String dot(AwsPlan plan) {
    StringBuilder b = new StringBuilder();
    b.append("digraph ").append(quote("cdc-plan " + plan.pipeline())).append(" {\n");
    b.append("  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
    for (AwsPlan.Stage stage : plan.stages()) {
      b.append("  subgraph ").append(quote("cluster_stage" + stage.number())).append(" {\n");
      b.append("    label=")
          .append(quote("stage " + stage.number() + ": " + stage.title()))
          .append(";\n");
      for (AwsPlan.Branch branch : stage.branches()) {
        String indent = "    ";
        if (stage.parallel()) {
          b.append("    subgraph ").append(quote("cluster_" + branch.name())).append(" {\n");
          b.append("      label=").append(quote(branch.name())).append(";\n");
          indent = "      ";
        }
        for (AwsPlan.Step s : branch.steps()) {
          b.append(indent)
              .append(quote(s.key()))
              .append(" [label=")
              .append(quote(label(s) + "\n" + s.name() + "\n" + s.detail()))
              .append(s.kind() == AwsPlan.Kind.CREATE ? "" : ", shape=ellipse")
              .append("];\n");
        }
        if (stage.parallel()) {
          b.append("    }\n");
        }
      }
      b.append("  }\n");
    }
    for (AwsPlan.Step s : plan.steps()) {
      for (String dependency : s.after()) {
        b.append("  ")
            .append(quote(dependency))
            .append(" -> ")
            .append(quote(s.key()))
            .append(";\n");
      }
    }
    return b.append("}\n").toString();
  }

  /** A dot ID: double-quoted, with quotes escaped and line breaks as \n. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static final int COLUMN = 260;
  private static final int ROW = 46;
  private static final int BOX_W = 230;
  private static final int BOX_H = 34;

  /**
   * Columns by dependency depth (a step sits right of everything it needs), a box per step, a line
   * per dependency.
   */
  static String svg(AwsPlan plan) {
    Map<String, Integer> depth = new HashMap<>();
    Map<String, int[]> at = new HashMap<>();
    Map<Integer, Integer> rows = new HashMap<>();
    for (AwsPlan.Step s : plan.steps()) {
      int d = s.after().stream().mapToInt(k -> depth.getOrDefault(k, 0) + 1).max().orElse(0);
      depth.put(s.key(), d);
      int row = rows.merge(d, 1, Integer::sum) - 1;
      at.put(s.key(), new int[] {10 + d * COLUMN, 30 + row * ROW});
    }
    int width = 20 + (depth.values().stream().mapToInt(i -> i).max().orElse(0) + 1) * COLUMN;
    int height = 40 + rows.values().stream().mapToInt(i -> i).max().orElse(0) * ROW;
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"10\">\n");
    b.append("  <text x=\"10\" y=\"16\" font-size=\"12\">")
        .append(xml("AWS plan for pipeline " + plan.pipeline()))
        .append("</text>\n");
    for (AwsPlan.Step s : plan.steps()) {
      int[] to = at.get(s.key());
      for (String dependency : s.after()) {
        int[] from = at.get(dependency);
        b.append(
            String.format(
                Locale.ROOT,
                "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
                from[0] + BOX_W,
                from[1] + BOX_H / 2,
                to[0],
                to[1] + BOX_H / 2));
      }
    }
    for (AwsPlan.Step s : plan.steps()) {
      int[] p = at.get(s.key());
      String fill = s.kind() == AwsPlan.Kind.CREATE ? "#eef4ff" : "#fff6e0";
      b.append(
          String.format(
              Locale.ROOT,
              "  <rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"#446\"/>%n",
              p[0],
              p[1],
              BOX_W,
              BOX_H,
              fill));
      b.append(
          String.format(
              Locale.ROOT,
              "  <text x=\"%d\" y=\"%d\">%s</text>%n",
              p[0] + 5,
              p[1] + 14,
              xml(label(s))));
      b.append(
          String.format(
              Locale.ROOT,
              "  <text x=\"%d\" y=\"%d\">%s</text>%n",
              p[0] + 5,
              p[1] + 27,
              xml(s.name())));
    }
    return b.append("</svg>\n").toString();
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
