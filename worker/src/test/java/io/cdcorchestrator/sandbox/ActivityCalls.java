package io.cdcorchestrator.sandbox;

import io.cdcorchestrator.common.NotReady;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.Supplier;

/** Activity options and the poll loop that a workflow's retry policy provides in production. */
public final class ActivityCalls {
  /**
   * One attempt per call: the tests see every failure, and poll themselves where the workflow would
   * retry.
   */
  public static final ActivityOptions ONCE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(3))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private ActivityCalls() {}

  /** Repeats an await activity while it answers "not ready", like its retry policy would. */
  public static <T> T awaitReady(Supplier<T> await, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      try {
        return await.get();
      } catch (ActivityFailure f) {
        if (!(f.getCause() instanceof ApplicationFailure af)
            || !NotReady.TYPE.equals(af.getType())
            || System.nanoTime() > deadline) {
          throw f;
        }
        sleep(af.getNextRetryDelay() == null ? Duration.ofMillis(500) : af.getNextRetryDelay());
      }
    }
  }

  /** The application failure inside an activity failure (what a workflow would inspect). */
  public static ApplicationFailure applicationFailure(ActivityFailure f) {
    if (f.getCause() instanceof ApplicationFailure af) {
      return af;
    }
    throw new AssertionError("expected an ApplicationFailure, got " + f.getCause(), f);
  }

  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
