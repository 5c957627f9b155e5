package io.cdcorchestrator.aws;

import io.cdcorchestrator.pipeline.Readiness;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The product's readiness polling, for test doubles that stand in for AWS (DESIGN decision 5): one
 * check through {@link AwsActivitySupport#await}, so "not ready" is the same {@code NotReady} with the
 * same next delay ({@link AwsActivitySupport#nextPoll}) and the same per-resource minimum the real
 * activity passes. Lives in this package because those are package-private: a double polls exactly
 * as product code does, never a copy of it.
 */
public final class ProductPolling {
  /** The minimum each real await activity passes (by method name), read from the implementations. */
  private static final Map<String, Duration> MINIMUMS = Map.of(
      "awaitNatGateway", NetworkActivitiesImpl.NAT_MINIMUM,
      "awaitCluster", KafkaActivitiesImpl.CLUSTER_MINIMUM,
      "awaitInstance", DatabaseActivitiesImpl.INSTANCE_MINIMUM,
      "awaitLoadBalancer", LoadBalancerActivitiesImpl.LOAD_BALANCER_MINIMUM,
      "awaitService", ContainerActivitiesImpl.SERVICE_MINIMUM,
      "awaitTargetHealthy", LoadBalancerActivitiesImpl.TARGET_MINIMUM);

  private static final String READY = "ready";
  private static final String PENDING = "pending";

  private ProductPolling() {}

  /** Whether {@code method} is an await whose product minimum is known here. */
  public static boolean knows(String method) {
    return MINIMUMS.containsKey(method);
  }

  /**
   * One poll as product code does it: returns when {@code ready}, otherwise throws the product's
   * retryable "not ready" with its next-retry delay. Must run inside an activity (it reads the attempt).
   * An await unknown here polls with no minimum (the product's early interval from the start).
   */
  public static Readiness await(String method, String what, boolean ready) {
    return AwsActivitySupport.await(what, () -> AwsActivitySupport.Observed.of(ready ? READY : PENDING),
        Set.of(READY), Set.of(), MINIMUMS.getOrDefault(method, Duration.ZERO));
  }
}
