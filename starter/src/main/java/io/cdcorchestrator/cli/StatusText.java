package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.Lag;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.Restarts;
import io.cdcorchestrator.model.StepRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text form of a pipeline's status: phase, steps, resources, outputs. */
final class StatusText {
  private static final int STEP_WIDTH_MAX = 48;

  private StatusText() {}

  static void print(PrintWriter out, PipelineStatus s) {
    out.printf(
        "pipeline %s on %s: %s%n", s.name(), s.target() == null ? "?" : s.target().id(), s.phase());
    out.printf("workflow %s (run %s)%n", s.workflowId(), s.runId());
    if (s.error() != null) {
      out.println("error: " + s.error());
    }
    day2(out, s);
    List<StepRecord> steps = s.steps() == null ? List.of() : s.steps();
    if (!steps.isEmpty()) {
      out.println();
      out.println("steps");
      // AWS step names run long ("allow 8083 into sg-… from sg-…"): the column fits them, up to a
      // point
      int width =
          Math.min(
              STEP_WIDTH_MAX,
              Math.max(26, steps.stream().mapToInt(st -> st.name().length()).max().orElse(0)));
      for (StepRecord step : steps) {
        out.println(
            String.format(
                    Locale.ROOT,
                    "  %-" + width + "s %-12s %s",
                    step.name(),
                    step.state(),
                    stepFacts(step))
                .stripTrailing());
      }
    }
    List<PipelineStatus.ResourceStatus> resources =
        s.resources() == null ? List.of() : s.resources();
    if (!resources.isEmpty()) {
      out.println();
      out.println("resources");
      // type and state first, the ID (an ARN can be 100 characters) last, so the columns stay
      // aligned
      int typeWidth = resources.stream().mapToInt(r -> r.type().length()).max().orElse(0);
      int stateWidth =
          resources.stream()
              .mapToInt(r -> r.state() == null ? 0 : r.state().length())
              .max()
              .orElse(0);
      for (PipelineStatus.ResourceStatus r : resources) {
        out.println(
            String.format(
                    Locale.ROOT,
                    "  %-" + typeWidth + "s  %-" + stateWidth + "s  %s",
                    r.type(),
                    r.state() == null ? "" : r.state(),
                    r.id())
                .stripTrailing());
      }
    }
    Map<String, String> outputs = s.outputs() == null ? Map.of() : s.outputs();
    if (!outputs.isEmpty()) {
      out.println();
      out.println("outputs");
      printOutputs(out, outputs);
    }
    out.flush();
  }

  /** Tables, restarts, lag and drift: known once the workflow answered (not while provisioning). */
  private static void day2(PrintWriter out, PipelineStatus s) {
    if (s.tables().isEmpty()) {
      return;
    }
    out.println("tables    " + String.join(", ", s.tables()));
    if (s.phase() == Phase.PROVISIONING) {
      return;
    }
    Restarts r = s.restarts();
    out.println(
        "restarts  "
            + r.count()
            + (r.last() == null ? "" : ", last " + r.last())
            + (r.next() == null ? "" : ", next due " + r.next()));
    Lag lag = s.lag();
    out.println(
        "lag       "
            + (lag.retainedWalBytes() == null && lag.lastEventAgeSeconds() == null
                ? "not measured yet (the first health check does)"
                : "slot retains "
                    + bytes(lag.retainedWalBytes())
                    + " of WAL, newest event "
                    + (lag.lastEventAgeSeconds() == null
                        ? "unknown"
                        : lag.lastEventAgeSeconds() + " s old")));
    out.println(
        "drift     "
            + (s.drift().isEmpty()
                ? "none"
                : String.join(", ", s.drift())
                    + " (./cdc apply "
                    + s.name()
                    + " --reconcile puts them back)"));
  }

  private static String bytes(Long n) {
    if (n == null) {
      return "?";
    }
    if (n < 1024) {
      return n + " B";
    }
    return n < (1L << 20)
        ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
        : String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
  }

  static void printOutputs(PrintWriter out, Map<String, String> outputs) {
    int width = outputs.keySet().stream().mapToInt(String::length).max().orElse(0);
    outputs.forEach((k, v) -> out.println("  " + k + " ".repeat(width - k.length() + 2) + v));
  }

  /** "1 attempt, 2.3 s" plus the resource id and detail, as far as known. */
  static String stepFacts(StepRecord step) {
    List<String> facts = new java.util.ArrayList<>();
    if (step.attempts() > 0) {
      facts.add(step.attempts() + (step.attempts() == 1 ? " attempt" : " attempts"));
    }
    Duration d = duration(step.startedAt(), step.endedAt());
    if (d != null) {
      facts.add(String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0));
    }
    String text = String.join(", ", facts);
    if (step.resourceId() != null) {
      text += "  " + step.resourceId();
    }
    if (step.detail() != null && !step.detail().isBlank()) {
      text += "  " + step.detail();
    }
    return text.strip();
  }

  private static Duration duration(String from, String to) {
    if (from == null || to == null) {
      return null;
    }
    try {
      return Duration.between(Instant.parse(from), Instant.parse(to));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
