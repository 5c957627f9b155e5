package io.cdcorchestrator.replay;

import io.cdcorchestrator.pipeline.PipelineWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.ReplayResults;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one replayer for recorded pipeline histories (the suite's ReplayTest, {@code cdc replay} and
 * the test that replays {@code cdc history} output): reads history JSON files as {@code cdc
 * history} and {@code temporal workflow show --output json} write them, replays them in one batch
 * on the current {@link PipelineWorkflowImpl}, and reports each problem in one line naming the
 * file.
 */
public final class HistoryReplay {
  /** The pipeline workflow's type name, as it appears in WorkflowExecutionStarted. */
  static final String WORKFLOW_TYPE = "PipelineWorkflow";

  private static final int MAX_REASON = 400;
  private static final Duration REPLAY_DEADLOCK_TIMEOUT = Duration.ofSeconds(60);

  private HistoryReplay() {}

  /** A file that is not a usable pipeline history. */
  public static final class MalformedHistoryException extends RuntimeException {
    MalformedHistoryException(Path file, String rule) {
      super(file + ": " + rule);
    }
  }

  /**
   * One file that does not replay: the file and the first non-deterministic event (or the error).
   */
  public record Problem(String file, String reason) {
    @Override
    public String toString() {
      return file + ": " + reason;
    }
  }

  /**
   * Reads one history file; the workflow id becomes the file name so that replay errors name it.
   *
   * @throws MalformedHistoryException when it is not JSON of a pipeline workflow's history
   */
  public static WorkflowExecutionHistory read(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new MalformedHistoryException(
          file, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    if (json.isBlank()) {
      throw new MalformedHistoryException(
          file, "is empty, expected a workflow history in JSON (cdc history NAME > file)");
    }
    WorkflowExecutionHistory history;
    try {
      history = WorkflowExecutionHistory.fromJson(json, file.getFileName().toString());
    } catch (RuntimeException e) {
      throw new MalformedHistoryException(
          file, "is not a workflow history in JSON (" + rootMessage(e) + ")");
    }
    // the SDK refuses a history without events ("Empty history"), so there is a first event
    HistoryEvent first = history.getEvents().get(0);
    if (first.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      throw new MalformedHistoryException(
          file,
          "starts with event "
              + first.getEventType()
              + ", a whole history starts with EVENT_TYPE_WORKFLOW_EXECUTION_STARTED");
    }
    String type = first.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
    if (!WORKFLOW_TYPE.equals(type)) {
      throw new MalformedHistoryException(
          file, "is a history of workflow type '" + type + "', not " + WORKFLOW_TYPE);
    }
    return history;
  }

  /**
   * Replays every file in one batch. Malformed files and files that no longer replay are returned
   * as problems (in file order); an empty list means all of them replay.
   */
  public static List<Problem> replay(List<Path> files) {
    Map<String, Path> byId = new LinkedHashMap<>();
    List<WorkflowExecutionHistory> histories = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        WorkflowExecutionHistory h = read(f);
        histories.add(h);
        byId.put(h.getWorkflowExecution().getWorkflowId(), f);
      } catch (MalformedHistoryException e) {
        problems.add(
            new Problem(f.toString(), e.getMessage().substring(f.toString().length() + 2)));
      }
    }
    if (histories.isEmpty()) {
      return problems;
    }
    ReplayResults results;
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    try {
      results = WorkflowReplayer.replayWorkflowExecutions(histories, false, replayWorker(env));
    } catch (Exception e) {
      // failFast=false collects per-history errors; anything thrown here concerns the batch as a
      // whole
      problems.add(new Problem(String.valueOf(files), "replay failed: " + rootMessage(e)));
      return problems;
    } finally {
      env.close();
    }
    for (ReplayResults.ReplayError e : results.allErrors()) {
      Path f = byId.get(e.workflowId);
      problems.add(
          new Problem(
              f == null ? e.workflowId : f.toString(), firstNonDeterministicEvent(e.exception)));
    }
    return problems;
  }

  /**
   * A worker as {@code WorkflowReplayer} builds one, but with a long deadlock detection timeout:
   * the first replay in a JVM loads the workflow's classes inside the workflow thread, which on a
   * busy machine takes over the default 1 s and would be reported as a potential deadlock
   * (TMPRL1101), a false failure that says nothing about determinism.
   */
  private static Worker replayWorker(TestWorkflowEnvironment env) {
    Worker worker =
        env.newWorker(
            "cdc-replay",
            WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(REPLAY_DEADLOCK_TIMEOUT.toMillis())
                .build());
    worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    return worker;
  }

  /** The history files of a directory ({@code *.json}), sorted. */
  public static List<Path> filesIn(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  /**
   * The SDK reports a non-determinism as a plain RuntimeException whose message embeds the
   * NonDeterministicException ("[TMPRL1100] Failure handling event N of type …"): cut to that part.
   */
  static String firstNonDeterministicEvent(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int at = m.indexOf("[TMPRL1100]");
    if (at < 0) {
      at = m.indexOf("NonDeterministicException");
    }
    String from = (at >= 0 ? m.substring(at) : m).replaceAll("\\s+", " ").strip();
    return from.length() > MAX_REASON ? from.substring(0, MAX_REASON) + "…" : from;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
