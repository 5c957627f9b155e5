package io.cdcorchestrator.pipeline.saga;

import io.cdcorchestrator.model.StepRecord;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Every step with its state, attempts and times, for {@code status} and for the Web UI's current
 * details (a markdown table, refreshed at each transition).
 *
 * <p>Each step's table row is rendered once, when the step changes: a run has hundreds of steps and
 * a transition re-renders only its own row, so refreshing the table is a copy of the rows, not a
 * formatting of all of them (replaying a history re-runs every transition).
 */
public final class StepLog {
  private static final long LAST_4_DIGIT_YEAR_MILLIS =
      LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400_000L;
  private static final String TABLE_HEAD =
      "| step | state | attempts | detail |\n|---|---|---|---|\n";

  private final List<StepRecord> steps;
  private final List<String> rows;
  private int rowChars;
  private String heading = "";
  private long day = -1;
  private String dayText;

  public StepLog(List<StepRecord> carried) {
    this.steps = carried == null ? new ArrayList<>() : new ArrayList<>(carried);
    this.rows = new ArrayList<>(steps.size());
    for (StepRecord s : steps) {
      String row = row(s);
      rows.add(row);
      rowChars += row.length();
    }
  }

  public void started(String name) {
    StepRecord s = new StepRecord(name, "RUNNING", 0, now(), null, null, null);
    steps.add(s);
    String row = row(s);
    rows.add(row);
    rowChars += row.length();
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
        StepRecord ended = s.ended(state, tries, now(), resourceId, detail);
        steps.set(i, ended);
        String row = row(ended);
        rowChars += row.length() - rows.set(i, row).length();
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
    String top = heading.isEmpty() ? "" : heading + "\n\n";
    StringBuilder md = new StringBuilder(top.length() + TABLE_HEAD.length() + rowChars);
    md.append(top).append(TABLE_HEAD);
    for (String row : rows) {
      md.append(row);
    }
    Workflow.setCurrentDetails(md.toString());
  }

  private static String row(StepRecord s) {
    return "| "
        + s.name()
        + " | "
        + s.state()
        + " | "
        + s.attempts()
        + " | "
        + (s.detail() == null ? "" : s.detail().replace('|', '/').replace('\n', ' '))
        + " |\n";
  }

  private String now() {
    return iso(Workflow.currentTimeMillis());
  }

  /**
   * {@code Instant.ofEpochMilli(millis).toString()}, the same text, without the formatter (at every
   * transition it was 3 % of a replay's CPU): the day's part is kept from the last call.
   */
  String iso(long millis) {
    if (millis < 0 || millis >= LAST_4_DIGIT_YEAR_MILLIS) {
      return Instant.ofEpochMilli(millis).toString();
    }
    long epochDay = millis / 86_400_000L;
    if (epochDay != day) {
      day = epochDay;
      dayText = LocalDate.ofEpochDay(epochDay) + "T"; // yyyy-mm-dd for years 1970-9999
    }
    int ms = (int) (millis % 86_400_000L);
    StringBuilder t = new StringBuilder(24).append(dayText);
    two(t, ms / 3_600_000).append(':');
    two(t, ms / 60_000 % 60).append(':');
    two(t, ms / 1000 % 60);
    int fraction = ms % 1000;
    if (fraction != 0) {
      t.append('.').append((char) ('0' + fraction / 100));
      two(t, fraction % 100);
    }
    return t.append('Z').toString();
  }

  private static StringBuilder two(StringBuilder t, int n) {
    return t.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
