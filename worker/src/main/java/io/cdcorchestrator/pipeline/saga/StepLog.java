package io.cdcorchestrator.pipeline.saga;

import io.cdcorchestrator.model.StepRecord;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every step with its state, attempts and times, for {@code status} and for the Web UI's current
 * details (a markdown table, refreshed at each transition).
 */
public final class StepLog {
  private final List<StepRecord> steps;
  private String heading = "";

  public StepLog(List<StepRecord> carried) {
    this.steps = carried == null ? new ArrayList<>() : new ArrayList<>(carried);
  }

  public void started(String name) {
    steps.add(new StepRecord(name, "RUNNING", 0, now(), null, null, null));
    publish();
  }

  public void completed(String name, int attempts, String resourceId, String detail) {
    end(name, "COMPLETED", attempts, resourceId, detail);
  }

  public void failed(String name, String reason) {
    end(name, "FAILED", 0, null, reason);
  }

  /** Stopped by a cancel or by {@code destroy} while it ran: not a failure of the step. */
  public void cancelled(String name) {
    end(name, "CANCELLED", 0, null, "cancelled");
  }

  private void end(String name, String state, int attempts, String resourceId, String detail) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      StepRecord s = steps.get(i);
      if (s.name().equals(name) && "RUNNING".equals(s.state())) {
        int tries = attempts > 0 ? attempts : Math.max(1, s.attempts());
        steps.set(i, s.ended(state, tries, now(), resourceId, detail));
        break;
      }
    }
    publish();
  }

  public List<StepRecord> steps() {
    return List.copyOf(steps);
  }

  /** A line above the table, e.g. the phase. */
  public void heading(String markdown) {
    heading = markdown;
  }

  /** The Web UI shows this under "Current details". */
  public void publish() {
    StringBuilder md =
        new StringBuilder(heading.isEmpty() ? "" : heading + "\n\n")
            .append("| step | state | attempts | detail |\n|---|---|---|---|\n");
    for (StepRecord s : steps) {
      md.append("| ")
          .append(s.name())
          .append(" | ")
          .append(s.state())
          .append(" | ")
          .append(s.attempts())
          .append(" | ")
          .append(s.detail() == null ? "" : s.detail().replace('|', '/').replace('\n', ' '))
          .append(" |\n");
    }
    Workflow.setCurrentDetails(md.toString());
  }

  private static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }
}
