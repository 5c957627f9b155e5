package io.cdcorchestrator.cli;

import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.StepRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Live progress of a pipeline: polls its status about every 500 ms and prints one line per step
 * transition (name, state, attempts, seconds) and per phase change, as they happen. Plain lines, so
 * the output reads the same on a terminal, in a log and in CI.
 */
final class Progress {
  static final Duration POLL = Duration.ofMillis(500);

  private final PrintWriter out;
  private final boolean print;
  private final long startNanos = System.nanoTime();
  private final List<String> seen = new ArrayList<>();
  private Phase phase;
  private String lastNote;

  /** {@code print} false: follow silently (the same waiting, no lines). */
  Progress(PrintWriter out, boolean print) {
    this.out = out;
    this.print = print;
  }

  /**
   * Polls {@code name} until {@code done} holds (returns that snapshot), {@code stop} becomes true
   * or {@code timeout} passes (returns null).
   */
  Pipelines.Snapshot follow(
      Pipelines pipelines,
      String name,
      Predicate<Pipelines.Snapshot> done,
      BooleanSupplier stop,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stop.getAsBoolean()) {
      Pipelines.Snapshot snapshot = pipelines.read(name);
      show(snapshot.status());
      note(snapshot.fromWorkflow() ? null : pipelines.queryProblem());
      if (done.test(snapshot)) {
        return snapshot;
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      if (sleepOrStop(stop)) {
        break;
      }
    }
    return null;
  }

  private static boolean sleepOrStop(BooleanSupplier stop) {
    long until = System.nanoTime() + POLL.toNanos();
    while (System.nanoTime() < until) {
      if (stop.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    return false;
  }

  /** Takes the steps as they are now as already shown, so that only what follows is printed. */
  void baseline(PipelineStatus status) {
    List<StepRecord> steps = status.steps() == null ? List.of() : status.steps();
    seen.clear();
    steps.forEach(step -> seen.add(key(step)));
  }

  /** Takes the steps and the phase as they are now as shown: only changes are printed. */
  void from(PipelineStatus status) {
    baseline(status);
    phase = status.phase();
  }

  private static String key(StepRecord step) {
    return step.name() + "|" + step.state() + "|" + step.attempts();
  }

  /** Prints what changed since the last call. */
  void show(PipelineStatus status) {
    if (!print || status == null) {
      return;
    }
    if (status.phase() != phase) {
      phase = status.phase();
      line(
          "phase "
              + phase
              + (status.error() != null && (phase == Phase.FAILED || phase == Phase.DEGRADED)
                  ? ": " + status.error()
                  : ""));
    }
    List<StepRecord> steps = status.steps() == null ? List.of() : status.steps();
    for (int i = 0; i < steps.size(); i++) {
      StepRecord step = steps.get(i);
      String key = key(step);
      if (i < seen.size() && seen.get(i).equals(key)) {
        continue;
      }
      if (i < seen.size()) {
        seen.set(i, key);
      } else {
        seen.add(key);
      }
      line(
          String.format(
                  Locale.ROOT,
                  "  %-26s %-12s %s",
                  step.name(),
                  step.state(),
                  StatusText.stepFacts(step))
              .stripTrailing());
    }
    out.flush();
  }

  /** Seconds since this progress started, e.g. {@code 12.3}. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void note(String note) {
    if (print && note != null && !Objects.equals(note, lastNote)) {
      line("(" + note + ")");
    }
    lastNote = note;
  }

  private void line(String text) {
    out.printf(Locale.ROOT, "%6.1fs %s%n", elapsedSeconds(), text);
    out.flush();
  }
}
