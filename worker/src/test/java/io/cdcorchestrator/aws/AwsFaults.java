package io.cdcorchestrator.aws;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Test double: faults injected on the SDK's wire, after moto has carried the call out, so the
 * resource exists but the caller never hears of it — the hardest case for find-or-create and for
 * compensation. Two modes: the N-th create-like operation fails permanently, or a share of all
 * calls (seeded) answers throttling or a 5xx, which AwsErrors treats as retryable.
 */
public final class AwsFaults implements ExecutionInterceptor {
  /** Operations that make something: the N-th of these fails in {@link #failNthCreate}. */
  private static final List<String> CREATE_PREFIXES =
      List.of("Create", "Allocate", "Authorize", "Associate", "Attach", "Register", "Put");

  private final AtomicInteger creates = new AtomicInteger();
  private final List<String> createOps = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile int failAt;
  private volatile double rate;
  private volatile Random random;

  /** Counts create operations from now on, injecting nothing. */
  public synchronized void count() {
    creates.set(0);
    createOps.clear();
    failAt = 0;
    rate = 0;
  }

  /** The {@code n}-th create operation from now on (1-based) fails, non-retryably. */
  public synchronized void failNthCreate(int n) {
    count();
    failAt = n;
  }

  /**
   * {@code share} of all calls from now on answer throttling or ServiceUnavailable (seeded, so
   * repeatable).
   */
  public synchronized void throttle(double share, long seed) {
    count();
    rate = share;
    random = new Random(seed);
  }

  /** The create operations seen since the last reset, in order. */
  public List<String> creates() {
    return List.copyOf(createOps);
  }

  public int injected() {
    return injected.get();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (CREATE_PREFIXES.stream().anyMatch(operation::startsWith)) {
      createOps.add(operation);
      if (creates.incrementAndGet() == failAt) {
        injected.incrementAndGet();
        throw fault(400, "InjectedFailure", "injected permanent failure of " + operation);
      }
    }
    if (rate > 0 && nextDouble() < rate) {
      injected.incrementAndGet();
      boolean throttled = nextDouble() < 0.5;
      throw fault(
          throttled ? 400 : 503,
          throttled ? "Throttling" : "ServiceUnavailable",
          "injected " + (throttled ? "throttling" : "5xx") + " on " + operation);
    }
  }

  private synchronized double nextDouble() {
    return random.nextDouble();
  }

  private static AwsServiceException fault(int status, String code, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }
}
