package io.cdcorchestrator.aws;

import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The product's readiness polling, for test doubles that stand in for AWS (DESIGN decision 5): one
 * check through {@link AwsActivitySupport#await} (or {@link AwsActivitySupport#awaitDeleted}), so
 * "not ready" is the same {@code NotReady} with the same next delay ({@link
 * AwsActivitySupport#nextPoll}) and the same per-resource minimum the real activity passes. Lives
 * in this package because those are package-private: a double polls exactly as product code does,
 * never a copy of it.
 */
public final class ProductPolling {
  /**
   * The minimum each real await activity passes (by method name), read from the implementations.
   */
  private static final Map<String, Duration> MINIMUMS =
      Map.of(
          "awaitNatGateway", NetworkActivitiesImpl.NAT_MINIMUM,
          "awaitCluster", KafkaActivitiesImpl.CLUSTER_MINIMUM,
          "awaitInstance", DatabaseActivitiesImpl.INSTANCE_MINIMUM,
          "awaitLoadBalancer", LoadBalancerActivitiesImpl.LOAD_BALANCER_MINIMUM,
          "awaitService", ContainerActivitiesImpl.SERVICE_MINIMUM,
          "awaitTargetHealthy", LoadBalancerActivitiesImpl.TARGET_MINIMUM,
          "awaitBastion", NetworkActivitiesImpl.BASTION_MINIMUM);

  /**
   * The minimum each interface's {@code awaitDeleted} passes to {@link
   * AwsActivitySupport#awaitDeleted}.
   */
  private static final Map<String, Duration> DELETION_MINIMUMS =
      Map.of(
          "NetworkActivities", NetworkActivitiesImpl.DELETION_MINIMUM,
          "DatabaseActivities", DatabaseActivitiesImpl.DELETION_MINIMUM,
          "KafkaActivities", KafkaActivitiesImpl.DELETION_MINIMUM,
          "ContainerActivities", ContainerActivitiesImpl.DELETION_MINIMUM,
          "LoadBalancerActivities", LoadBalancerActivitiesImpl.DELETION_MINIMUM);

  /** What {@code NetworkActivitiesImpl.awaitNetworkInterfacesDrained} passes to nextPoll. */
  static final Duration DRAIN_MINIMUM = NetworkActivitiesImpl.DRAIN_MINIMUM;

  /**
   * {@code NetworkActivitiesImpl.delete} of a bastion: retried after this until the instance is
   * terminated.
   */
  public static final Duration BASTION_TERMINATION_RETRY = NetworkActivitiesImpl.TERMINATION_RETRY;

  private static final String READY = "ready";
  private static final String PENDING = "pending";
  private static final String DELETING = "deleting";

  private ProductPolling() {}

  /** Whether {@code method} is an await whose product minimum is known here. */
  public static boolean knows(String method) {
    return MINIMUMS.containsKey(method);
  }

  /**
   * Whether {@code activities} (an interface's simple name) has an {@code awaitDeleted} minimum
   * here.
   */
  public static boolean knowsDeletion(String activities) {
    return DELETION_MINIMUMS.containsKey(activities);
  }

  /**
   * One poll as product code does it: returns when {@code ready}, otherwise throws the product's
   * retryable "not ready" with its next-retry delay. Must run inside an activity (it reads the
   * attempt). An await unknown here polls with no minimum (the product's early interval from the
   * start).
   */
  public static Readiness await(String method, String what, boolean ready) {
    return AwsActivitySupport.await(
        what,
        () -> AwsActivitySupport.Observed.of(ready ? READY : PENDING),
        Set.of(READY),
        Set.of(),
        MINIMUMS.getOrDefault(method, Duration.ZERO));
  }

  /**
   * One deletion check through the product's {@link AwsActivitySupport#awaitDeleted}, with the
   * minimum the {@code activities} interface's implementation passes. The record must be confirmed
   * (not {@value ResourceRecord#CREATING}): an unconfirmed one would be looked up in AWS, which a
   * double has not.
   */
  public static Readiness awaitDeleted(String activities, ResourceRecord record, boolean gone) {
    if (ResourceRecord.CREATING.equals(record.state())) {
      throw new IllegalArgumentException(
          "the double has no AWS to look up an unconfirmed " + record.type());
    }
    return AwsActivitySupport.awaitDeleted(
        record.type() + " " + record.id(),
        record,
        null,
        r -> gone ? AwsResource.GONE : DELETING,
        Set.of(),
        Set.of(),
        DELETION_MINIMUMS.getOrDefault(activities, Duration.ZERO));
  }

  /**
   * One check of the ENI drain as {@code awaitNetworkInterfacesDrained} makes it (its own NotReady,
   * same nextPoll).
   */
  public static Readiness awaitNetworkInterfacesDrained(String vpcId, int left) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (left == 0) {
      return new Readiness(attempt, "no service network interfaces left in " + vpcId);
    }
    throw NotReady.retryAfter(
        AwsActivitySupport.nextPoll(attempt, DRAIN_MINIMUM),
        left + " service network interfaces left in " + vpcId);
  }
}
