package io.cdcorchestrator.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.Parallel;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a branch of {@link Parallel} that fails cancels its siblings, so compensation starts at
 * once instead of after the slowest wait (an MSK cluster: up to two hours). On the real {@code
 * temporal} CLI dev server, where the Java test server's stall on a cancel crossing an activity's
 * completion does not apply (the workflow tests there run with the old semantics, see
 * SiblingsRunToTheirEnd in the worker's tests). A ten-minute wait beside a branch that fails at
 * once must end in seconds, cancelled.
 */
class SiblingCancelDevServerTest {
  static final String QUEUE = "sibling-cancel";

  @TempDir Path home;

  @ActivityInterface
  public interface Steps {
    /** Fails at once, for good (a create AWS refuses). */
    void failNow();

    /** Heartbeats for ten minutes unless cancelled (an MSK wait). */
    void waitLong();
  }

  static final List<String> seen = new CopyOnWriteArrayList<>();

  public static final class StepsImpl implements Steps {
    @Override
    public void failNow() {
      throw ApplicationFailure.newNonRetryableFailure("refused", "Refused");
    }

    @Override
    public void waitLong() {
      long end = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
      try {
        while (System.currentTimeMillis() < end) {
          Activity.getExecutionContext().heartbeat(null);
          Thread.sleep(200);
        }
        seen.add("waitLong completed");
      } catch (ActivityCanceledException e) {
        seen.add("waitLong cancelled");
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @WorkflowInterface
  public interface TwoBranches {
    @WorkflowMethod
    String run();
  }

  public static final class TwoBranchesImpl implements TwoBranches {
    private final Steps steps =
        Workflow.newActivityStub(
            Steps.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(15))
                .setHeartbeatTimeout(Duration.ofSeconds(5))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public String run() {
      Parallel side = new Parallel();
      Promise<Boolean> slow =
          side.start(
              () -> {
                steps.waitLong();
                return true;
              });
      side.start(
          () -> {
            steps.failNow();
            return true;
          });
      side.join();
      return "joined " + slow.get();
    }
  }

  @Test
  void aFailedBranch_cancelsTheLongWaitBesideIt() throws Throwable {
    onDevServer(
        TwoBranchesImpl.class,
        new StepsImpl(),
        client -> {
          TwoBranches wf = stub(client, TwoBranches.class, "sibling-cancel");
          long start = System.nanoTime();
          WorkflowClient.start(wf::run);
          WorkflowFailedException e = failure(wf, 90);
          long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
          assertTrue(seconds < 60, "ended after " + seconds + " s, not after the 10 min wait");
          assertEquals(List.of("waitLong cancelled"), seen, "the sibling was cancelled");
          assertEquals(
              "Refused",
              ((ApplicationFailure) e.getCause().getCause()).getType(),
              "the failure reported is the branch's own, not the cancel");
        });
  }

  @ActivityInterface
  public interface Polls {
    /** One check of a resource that is never ready: the next poll in a minute (an MSK wait). */
    void pollNeverReady();

    /** Fails for good once the wait beside it has polled (a preflight that refuses). */
    void refuseAfterAPoll();

    /** A compensation step. */
    void undo();
  }

  private static final EventType MARKER = EventType.EVENT_TYPE_MARKER_RECORDED;

  static final AtomicInteger polls = new AtomicInteger();
  static final List<String> undone = new CopyOnWriteArrayList<>();

  public static final class PollsImpl implements Polls {
    @Override
    public void pollNeverReady() {
      polls.incrementAndGet();
      throw NotReady.retryAfter(Duration.ofMinutes(1), "never ready");
    }

    @Override
    public void refuseAfterAPoll() {
      long deadline = System.currentTimeMillis() + 20_000;
      try {
        while (polls.get() == 0 && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
        Thread.sleep(500); // the poll's failure reaches the server: the wait is in its backoff
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw ApplicationFailure.newNonRetryableFailure("refused", "Refused");
    }

    @Override
    public void undo() {
      undone.add("undone");
    }
  }

  @WorkflowInterface
  public interface PollBesideRefusal {
    @WorkflowMethod
    String run();
  }

  /** The AWS story's shape: a polling wait beside a branch that fails; compensation versioned. */
  public static final class PollBesideRefusalImpl implements PollBesideRefusal {
    static final String UNDO = "undo-after-refusal";

    @Override
    public String run() {
      Parallel side = new Parallel();
      side.start(
          () -> {
            ActivityStubs.stub(Polls.class, ActivityStubs.await(Duration.ofMinutes(10)), "wait")
                .pollNeverReady();
            return true;
          });
      side.start(
          () -> {
            ActivityStubs.stub(Polls.class, ActivityStubs.CREATE, "refuse").refuseAfterAPoll();
            return true;
          });
      try {
        side.join();
        return "joined";
      } catch (RuntimeException e) {
        if (Workflow.getVersion(UNDO, Workflow.DEFAULT_VERSION, 1) == 1) {
          ActivityStubs.stub(Polls.class, ActivityStubs.DELETE, "undo").undo();
        }
        throw e;
      }
    }
  }

  /**
   * A wait between two polls, cancelled by the branch beside it that fails: compensation, with its
   * version marker, comes from a later workflow task than the cancel (Parallel.CANCEL_SETTLES), and
   * the run replays. The dev server writes the wait's ACTIVITY_TASK_CANCELED after the commands of
   * the workflow task that asked (the Java test server writes it among them, see
   * AwsDatabasePreflightWorkflowTest): with the cancel that does not wait, compensation's marker
   * came before it here and the run still replayed; with waiting, both servers write one shape.
   */
  @Test
  void aBranchFailing_whileTheWaitBesideItIsBetweenPolls_compensatesAfterTheCancel_andReplays()
      throws Throwable {
    onDevServer(
        PollBesideRefusalImpl.class,
        new PollsImpl(),
        client -> {
          PollBesideRefusal wf = stub(client, PollBesideRefusal.class, "poll-beside-refusal");
          WorkflowClient.start(wf::run);
          WorkflowFailedException e = failure(wf, 60);
          assertEquals("Refused", ((ApplicationFailure) e.getCause().getCause()).getType());
          assertEquals(1, polls.get(), "one poll, then cancelled in its backoff");
          assertEquals(List.of("undone"), undone);

          WorkflowExecutionHistory history = client.fetchHistory("poll-beside-refusal");
          List<EventType> types =
              history.getEvents().stream().map(HistoryEvent::getEventType).toList();
          int requested = types.indexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
          int cancelled = types.indexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED);
          int undo = types.subList(requested + 1, types.size()).indexOf(MARKER) + requested + 1;
          assertTrue(requested >= 0 && cancelled > requested, "the wait was cancelled: " + types);
          assertTrue(
              undo > cancelled
                  && types
                      .subList(cancelled, undo)
                      .contains(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
              "compensation came from a later workflow task than the wait's cancel: " + types);
          assertDoesNotThrow(
              () -> WorkflowReplayer.replayWorkflowExecution(history, PollBesideRefusalImpl.class));
        });
  }

  /**
   * Runs {@code test} against a fresh `temporal` CLI dev server, with a worker on {@link #QUEUE}
   * serving {@code workflow} and {@code activities}.
   */
  private void onDevServer(
      Class<?> workflow, Object activities, ThrowingConsumer<WorkflowClient> test)
      throws Throwable {
    try (LocalTemporal server =
        LocalTemporal.start(
            LocalTemporal.Flavour.CLI, freePort(), List.of(), home.resolve("logs"))) {
      TemporalConnection connection = TemporalConnection.connect(server.address());
      WorkerFactory factory = WorkerFactory.newInstance(connection.client());
      var worker = factory.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(workflow);
      worker.registerActivitiesImplementations(activities);
      factory.start();
      try {
        test.accept(connection.client());
      } finally {
        factory.shutdownNow();
        connection.close();
      }
    }
  }

  /** A stub of workflow {@code id} on the test's task queue. */
  private static <T> T stub(WorkflowClient client, Class<T> type, String id) {
    return client.newWorkflowStub(
        type, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
  }

  /** The failure the started workflow behind {@code wf} ends with, within {@code seconds}. */
  private static WorkflowFailedException failure(Object wf, int seconds) {
    return assertThrows(
        WorkflowFailedException.class,
        () ->
            io.temporal.client.WorkflowStub.fromTyped(wf)
                .getResult(seconds, TimeUnit.SECONDS, String.class));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
