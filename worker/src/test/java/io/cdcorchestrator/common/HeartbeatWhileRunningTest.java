package io.cdcorchestrator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An activity blocked in something that never heartbeats (an initdb, a Kafka start) stays alive
 * under a short heartbeat timeout when the worker heartbeats for it; without that it is timed out.
 * Real time: the heartbeats are the point.
 */
class HeartbeatWhileRunningTest {
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration BLOCKED = Duration.ofSeconds(9);

  @ActivityInterface
  public interface Slow {
    String block(long millis);
  }

  public static class SlowImpl implements Slow {
    @Override
    public String block(long millis) {
      Activity.getExecutionContext().heartbeat("blocking");
      try {
        Thread.sleep(millis); // no heartbeat of its own in here
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "done";
    }
  }

  @WorkflowInterface
  public interface Caller {
    @WorkflowMethod
    String call();
  }

  public static class CallerImpl implements Caller {
    @Override
    public String call() {
      return Workflow.newActivityStub(
              Slow.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build())
          .block(BLOCKED.toMillis());
    }
  }

  @Test
  void aBlockedActivityStaysAliveWhileItsWorkerLives() {
    try (HeartbeatWhileRunning heartbeats = new HeartbeatWhileRunning()) {
      assertTrue(HeartbeatWhileRunning.EVERY.compareTo(HEARTBEAT_TIMEOUT) < 0);
      assertEquals(
          "done", run(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(heartbeats).build()));
    }
  }

  @Test
  void withoutTheWorkersHeartbeatsItIsTimedOut() {
    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class, () -> run(WorkerFactoryOptions.getDefaultInstance()));
    ActivityFailure activity = (ActivityFailure) e.getCause();
    assertTrue(activity.getCause() instanceof TimeoutFailure, activity.toString());
  }

  private static String run(WorkerFactoryOptions factoryOptions) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkerFactoryOptions(factoryOptions)
                .build());
    try {
      var worker = env.newWorker("heartbeats");
      worker.registerWorkflowImplementationTypes(CallerImpl.class);
      worker.registerActivitiesImplementations(new SlowImpl());
      env.start();
      return env.getWorkflowClient()
          .newWorkflowStub(
              Caller.class, WorkflowOptions.newBuilder().setTaskQueue("heartbeats").build())
          .call();
    } finally {
      env.close();
    }
  }
}
