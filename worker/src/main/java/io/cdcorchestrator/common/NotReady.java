package io.cdcorchestrator.common;

import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * Failures of readiness polling (docs/ARCHITECTURE.md, "Readiness polling"). An await activity does
 * one check and throws {@link #retryAfter} when the resource is not ready yet: the activity's retry
 * policy is the poll loop, so the history stays at three events per wait. BENIGN keeps the SDK from
 * logging each poll as a warning with a stack trace.
 */
public final class NotReady {
  public static final String TYPE = "NotReady";
  public static final String TERMINAL_TYPE = "TerminalState";

  private NotReady() {}

  /** Retryable: poll again after {@code delay}. */
  public static ApplicationFailure retryAfter(Duration delay, String message) {
    return ApplicationFailure.newBuilder()
        .setType(TYPE)
        .setMessage(message)
        .setNextRetryDelay(delay)
        .setCategory(ApplicationErrorCategory.BENIGN)
        .build();
  }

  /** Non-retryable: the resource reached a state it cannot leave by waiting. */
  public static ApplicationFailure terminal(String message) {
    return ApplicationFailure.newBuilder()
        .setType(TERMINAL_TYPE)
        .setMessage(message)
        .setNonRetryable(true)
        .build();
  }
}
