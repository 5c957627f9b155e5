package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cdcorchestrator.replay.HistoryReplay;
import io.temporal.api.enums.v1.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every committed history under {@code src/test/resources/histories/} must replay on the current
 * workflow code: a change to the order of commands without {@code Workflow.getVersion} fails here,
 * naming the file and the first non-deterministic event. New files there are picked up as they are.
 */
class ReplayTest {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  @Test
  void committedHistoriesReplay() throws Exception {
    List<Path> files = HistoryReplay.filesIn(HISTORIES);
    assertTrue(
        files.size() >= 2,
        "expected committed histories in " + HISTORIES.toAbsolutePath() + ", found " + files);
    List<HistoryReplay.Problem> problems = HistoryReplay.replay(files);
    if (!problems.isEmpty()) {
      fail(
          "histories no longer replay:\n  "
              + problems.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
    }
  }

  /** The suite holds every way a run can end, so a change on any of those paths is replayed. */
  @Test
  void suiteCoversEveryWayARunEnds() throws Exception {
    Set<EventType> endings = EnumSet.noneOf(EventType.class);
    boolean destroyedAfterReady = false;
    for (Path f : HistoryReplay.filesIn(HISTORIES)) {
      var events = HistoryReplay.read(f).getEvents();
      endings.add(events.get(events.size() - 1).getEventType());
      // the destroy signal after the watch timer started, i.e. after READY
      int timer = indexOf(events, EventType.EVENT_TYPE_TIMER_STARTED);
      int signal = indexOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
      destroyedAfterReady |= timer >= 0 && signal > timer;
    }
    assertEquals(
        EnumSet.of(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW),
        endings);
    assertTrue(destroyedAfterReady, "a history with a destroy after READY");
  }

  /**
   * Every kind of change is replayed: each update (pause, stop, resume, apply), an apply that adds
   * a table with its snapshot, a refused one (accepted, then failed before anything changed), and
   * runs past both versioned watch changes.
   */
  @Test
  void suiteHoldsEveryKindOfChange() throws Exception {
    Set<String> updates = new java.util.TreeSet<>();
    Set<String> activities = new java.util.TreeSet<>();
    Set<String> markers = new java.util.TreeSet<>();
    boolean failedUpdate = false;
    for (Path f : HistoryReplay.filesIn(HISTORIES)) {
      for (var e : HistoryReplay.read(f).getEvents()) {
        if (e.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
          updates.add(
              e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                  .getAcceptedRequest()
                  .getInput()
                  .getName());
        }
        if (e.hasWorkflowExecutionUpdateCompletedEventAttributes()) {
          failedUpdate |=
              e.getWorkflowExecutionUpdateCompletedEventAttributes().getOutcome().hasFailure();
        }
        if (e.hasActivityTaskScheduledEventAttributes()) {
          activities.add(e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        }
        if (e.hasMarkerRecordedEventAttributes()) {
          var details = e.getMarkerRecordedEventAttributes().getDetailsMap();
          if (details.containsKey("changeId")) {
            markers.add(details.get("changeId").getPayloads(0).getData().toStringUtf8());
          }
        }
      }
    }
    assertEquals(Set.of("apply", "pause", "resume", "stop"), updates);
    assertTrue(failedUpdate, "a refused or failed update");
    assertTrue(
        activities.containsAll(
            Set.of(
                "DataPlaneCheckTables",
                "DataPlanePublishTables",
                "DataPlaneRequestSnapshot",
                "DataPlaneAwaitSnapshot",
                "DataPlaneRestartFailed",
                "DataPlanePauseConnector",
                "DataPlaneStopConnector",
                "DataPlaneResumeConnector")),
        activities::toString);
    assertTrue(markers.contains("\"watch-restart-backoff\""), markers::toString);
  }

  /**
   * A compensated run whose failed branch cancelled a polling wait: the wait's cancel, then
   * compensation from a later workflow task (Parallel.CANCEL_SETTLES), whose markers replay.
   */
  @Test
  void suiteHoldsACompensationAfterACancelledWait() {
    AwsDatabasePreflightWorkflowTest.assertMskWaitCancelledBeforeCompensation(
        HistoryReplay.read(
                HISTORIES.resolve(
                    "aws-adopted-database-refused-via-bastion-msk-wait-cancelled.json"))
            .getEvents());
  }

  @Test
  void aReorderedWorkflowIsCaught_namingTheFileAndTheEvent(@TempDir Path dir) throws Exception {
    // guards the guard: a history of another shape must not replay as if it matched
    String json =
        Files.readString(HISTORIES.resolve("sandbox-success.json"))
            .replace("SandboxCreatePostgres", "SandboxCreateKafkaX");
    Path tampered = Files.writeString(dir.resolve("tampered.json"), json);
    Path intact =
        Files.copy(
            HISTORIES.resolve("sandbox-failure-compensated.json"), dir.resolve("intact.json"));

    List<HistoryReplay.Problem> problems = HistoryReplay.replay(List.of(intact, tampered));
    assertEquals(1, problems.size(), problems::toString);
    HistoryReplay.Problem p = problems.get(0);
    assertEquals(tampered.toString(), p.file());
    assertTrue(p.reason().startsWith("[TMPRL1100] Failure handling event "), p.reason());
    assertTrue(p.reason().contains("EVENT_TYPE_ACTIVITY_TASK_SCHEDULED"), p.reason());
  }

  @Test
  void malformedFiles_areNamedWithTheRule_notThrown(@TempDir Path dir) throws Exception {
    Path notJson = Files.writeString(dir.resolve("a-not-json.json"), "this is not json");
    Path empty = Files.writeString(dir.resolve("b-empty.json"), "");
    Path noEvents = Files.writeString(dir.resolve("c-no-events.json"), "{\"events\": []}");
    String success = Files.readString(HISTORIES.resolve("sandbox-success.json"));
    Path otherType =
        Files.writeString(
            dir.resolve("d-other-type.json"),
            success.replace("\"PipelineWorkflow\"", "\"OrderWorkflow\""));

    List<HistoryReplay.Problem> problems =
        HistoryReplay.replay(List.of(notJson, empty, noEvents, otherType));
    assertEquals(4, problems.size(), problems::toString);
    assertEquals(notJson.toString(), problems.get(0).file());
    assertTrue(
        problems.get(0).reason().startsWith("is not a workflow history in JSON"),
        problems.get(0).reason());
    assertTrue(problems.get(1).reason().startsWith("is empty"), problems.get(1).reason());
    assertEquals("is not a workflow history in JSON (Empty history)", problems.get(2).reason());
    assertEquals(
        "is a history of workflow type 'OrderWorkflow', not PipelineWorkflow",
        problems.get(3).reason());
  }

  private static int indexOf(List<io.temporal.api.history.v1.HistoryEvent> events, EventType type) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getEventType() == type) {
        return i;
      }
    }
    return -1;
  }
}
