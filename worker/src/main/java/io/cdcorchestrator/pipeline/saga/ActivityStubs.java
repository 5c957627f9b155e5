package io.cdcorchestrator.pipeline.saga;

import io.cdcorchestrator.aws.ContainerActivities;
import io.cdcorchestrator.aws.DatabaseActivities;
import io.cdcorchestrator.aws.KafkaActivities;
import io.cdcorchestrator.aws.LoadBalancerActivities;
import io.cdcorchestrator.aws.NetworkActivities;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.dataplane.DataPlaneActivities;
import io.cdcorchestrator.model.WatchWindow;
import io.cdcorchestrator.model.aws.AwsType;
import io.cdcorchestrator.preflight.PreflightActivities;
import io.cdcorchestrator.sandbox.SandboxActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.WorkflowLocal;
import java.time.Duration;

/**
 * Activity stubs with the options of each kind of call, and a summary per call so the Web UI says
 * what each activity does ("create Kafka broker", "register connector inventory-connector").
 *
 * <p>Runs from version 1 of {@link #CRASH_SAFE} on ({@link #useCrashSafeOptions}) give every
 * activity a {@link #HEARTBEAT_TIMEOUT}: the worker heartbeats every running activity (its {@code
 * HeartbeatWhileRunning} interceptor), so one that ran on a worker that died is retried on the next
 * worker within seconds rather than after its start-to-close timeout.
 *
 * <p>Inside a {@link Parallel} branch of a run from {@link Parallel#CANCEL_SETTLES} on, every
 * activity waits for its cancel to complete ({@code WAIT_CANCELLATION_COMPLETED}), not only the
 * creates.
 */
public final class ActivityStubs {
  /** Change id: heartbeat timeouts, and sandbox activities on the host that runs the pipeline. */
  public static final String CRASH_SAFE = "crash-safe-activities";

  /** Heartbeats come every few seconds; this many without one means the worker is gone. */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

  private static final WorkflowLocal<Boolean> CRASH_SAFE_OPTIONS =
      WorkflowLocal.withCachedInitial(() -> false);

  /**
   * Creates: a retry after a crash is safe (find-or-create); the workflow waits for a cancelled
   * create to end, so nothing it makes goes unrecorded.
   */
  public static final ActivityOptions CREATE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(20))
                  .setMaximumAttempts(6)
                  .build())
          .build();

  /** Compensations must finish: retried for up to 15 minutes. */
  public static final ActivityOptions DELETE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  /**
   * AWS deletes: like {@link #DELETE}, but for an hour, since a dependent's delete can wait on a
   * slow one (an MSK configuration stays "in use" until its cluster, 10–30 minutes, is gone).
   */
  public static final ActivityOptions AWS_DELETE =
      ActivityOptions.newBuilder(DELETE).setScheduleToCloseTimeout(AwsType.DELETE_DEADLINE).build();

  /** Data-plane work that talks to the database or Connect (SQL init, registration, CDC proof). */
  public static final ActivityOptions DATAPLANE =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.DATAPLANE)
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(20))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  /** One health check of the watch phase; a failed check only marks the pipeline DEGRADED. */
  public static final ActivityOptions CHECK =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.DATAPLANE)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  /**
   * One window of the watch ({@link WatchWindow}): its checks at the interval plus 30 s for each to
   * answer; a worker that dies mid-window is noticed by the heartbeat timeout and the window
   * retried. The workflow abandons a window it no longer needs (destroy, {@code checkNow}, a
   * change) rather than asking the server to cancel it: the window only reads, what made the
   * workflow leave it (a connector paused or deleted) usually ends it at its next check, and a
   * cancel request would race the window's own completion (the Temporal test server rejects a
   * cancel of an activity that completed meanwhile).
   */
  public static ActivityOptions window(int intervalSeconds, int checks) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.DATAPLANE)
        .setStartToCloseTimeout(Duration.ofSeconds((intervalSeconds + 30L) * checks))
        .setHeartbeatTimeout(WatchWindow.heartbeatTimeout(intervalSeconds))
        .setCancellationType(ActivityCancellationType.ABANDON)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
        .build();
  }

  /**
   * The preflight: read-only, a few dozen describe calls; a transient AWS error is retried, a
   * blocker is a finding the workflow acts on.
   */
  public static final ActivityOptions PREFLIGHT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumInterval(Duration.ofSeconds(20))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  /**
   * The watch's sandbox repair: starts Kafka and Connect again when they died, which may take a
   * minute and a half each.
   */
  public static final ActivityOptions REPAIR =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(4))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /**
   * A read on the control queue during the watch (the Kafka Connect service as ECS runs it): a
   * failed read only skips that comparison.
   */
  public static final ActivityOptions OBSERVE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  private ActivityStubs() {}

  /**
   * Decided once at the start of each run ({@code Workflow.getVersion(CRASH_SAFE, …)}); runs
   * recorded before keep their options when replayed.
   */
  public static void useCrashSafeOptions(boolean on) {
    CRASH_SAFE_OPTIONS.set(on);
  }

  public static boolean crashSafe() {
    return CRASH_SAFE_OPTIONS.get();
  }

  /**
   * Readiness polling (docs/ARCHITECTURE.md): the retry policy is the poll loop; the activity picks
   * its next delay, the deadline bounds the whole wait, terminal states are non-retryable.
   */
  public static ActivityOptions await(Duration deadline) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(deadline)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(1.0)
                .setDoNotRetry(NotReady.TERMINAL_TYPE)
                .build())
        .build();
  }

  /** The readiness wait of an AWS resource type, bounded by the deadline its type declares. */
  public static ActivityOptions awaitReady(AwsType kind) {
    return await(kind.readyDeadline());
  }

  /** The wait after an AWS resource's delete until it is gone, bounded by its type's deadline. */
  public static ActivityOptions awaitGone(AwsType kind) {
    return await(kind.goneDeadline());
  }

  /** The delete of an AWS resource, retried as long as its type declares. */
  public static ActivityOptions delete(AwsType kind) {
    return ActivityOptions.newBuilder(AWS_DELETE)
        .setScheduleToCloseTimeout(kind.deleteDeadline())
        .build();
  }

  static ActivityOptions onDataPlane(ActivityOptions options) {
    return ActivityOptions.newBuilder(options).setTaskQueue(TaskQueues.DATAPLANE).build();
  }

  public static SandboxActivities sandbox(ActivityOptions options, String summary) {
    return ActivityProxy.of(SandboxActivities.class, withSummary(options, summary));
  }

  /**
   * Sandbox activities on the task queue of the host that runs the pipeline's processes ({@code
   * hostQueue} from its work directory's record); null: the workflow's own queue.
   */
  public static SandboxActivities sandbox(
      ActivityOptions options, String summary, String hostQueue) {
    ActivityOptions o = withSummary(options, summary);
    if (hostQueue != null) {
      o = ActivityOptions.newBuilder(o).setTaskQueue(hostQueue).build();
    }
    return ActivityProxy.of(SandboxActivities.class, o);
  }

  public static DataPlaneActivities dataPlane(ActivityOptions options, String summary) {
    return ActivityProxy.of(DataPlaneActivities.class, withSummary(onDataPlane(options), summary));
  }

  public static PreflightActivities preflight(ActivityOptions options, String summary) {
    return ActivityProxy.of(PreflightActivities.class, withSummary(options, summary));
  }

  public static NetworkActivities network(ActivityOptions options, String summary) {
    return ActivityProxy.of(NetworkActivities.class, withSummary(options, summary));
  }

  public static DatabaseActivities database(ActivityOptions options, String summary) {
    return ActivityProxy.of(DatabaseActivities.class, withSummary(options, summary));
  }

  public static KafkaActivities kafka(ActivityOptions options, String summary) {
    return ActivityProxy.of(KafkaActivities.class, withSummary(options, summary));
  }

  public static ContainerActivities container(ActivityOptions options, String summary) {
    return ActivityProxy.of(ContainerActivities.class, withSummary(options, summary));
  }

  public static LoadBalancerActivities loadBalancer(ActivityOptions options, String summary) {
    return ActivityProxy.of(LoadBalancerActivities.class, withSummary(options, summary));
  }

  /** A stub of {@code activities}, e.g. the interface that serves an AWS resource type. */
  public static <T> T stub(Class<T> activities, ActivityOptions options, String summary) {
    return ActivityProxy.of(activities, withSummary(options, summary));
  }

  private static ActivityOptions withSummary(ActivityOptions options, String summary) {
    ActivityOptions.Builder b = ActivityOptions.newBuilder(options).setSummary(summary);
    if (crashSafe() && options.getHeartbeatTimeout() == null) {
      b.setHeartbeatTimeout(HEARTBEAT_TIMEOUT);
    }
    if (Parallel.cancelSettles() && tryCancel(options)) {
      // in a branch that may be cancelled: see Parallel, CANCEL_SETTLES
      b.setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    }
    return b.build();
  }

  private static boolean tryCancel(ActivityOptions options) {
    return options.getCancellationType() == null
        || options.getCancellationType() == ActivityCancellationType.TRY_CANCEL;
  }
}
