package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.ec2.BastionInstance;
import io.cdcorchestrator.aws.ec2.ServiceInterfaces;
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The product's readiness polling, for test doubles that stand in for AWS: one check through {@link
 * AwsActivitySupport#await} (or {@link AwsActivitySupport#awaitDeleted}) with the wait the resource
 * file declares, so "not ready" is the same {@code NotReady} with the same next delay ({@link
 * AwsActivitySupport#nextPoll}) and the same per-resource minimum the real activity passes. Lives
 * in this package because those are package-private: a double polls exactly as product code does,
 * never a copy of it.
 */
public final class ProductPolling {
  /**
   * Every resource file the AWS activities serve, by type: where each wait is read. The clients
   * only fill the files' constructors; nothing here calls AWS.
   */
  private static final Map<String, AwsResource<?>> RESOURCES = resources();

  /**
   * {@code NetworkActivitiesImpl.delete} of a bastion: retried after this until the instance is
   * terminated.
   */
  public static final Duration BASTION_TERMINATION_RETRY = BastionInstance.TERMINATION_RETRY;

  private static final String READY = "ready";
  private static final String PENDING = "pending";
  private static final String DELETING = "deleting";

  private ProductPolling() {}

  private static Map<String, AwsResource<?>> resources() {
    AwsClients unused = AwsClients.create("us-east-1");
    return Stream.of(
            NetworkActivitiesImpl.resources(unused),
            DatabaseActivitiesImpl.resources(unused),
            KafkaActivitiesImpl.resources(unused),
            ContainerActivitiesImpl.resources(unused),
            LoadBalancerActivitiesImpl.resources(unused))
        .flatMap(java.util.List::stream)
        .collect(Collectors.toMap(AwsResource::type, Function.identity()));
  }

  /** The resource file the activities serve {@code type} with, or null. */
  public static AwsResource<?> resourceFile(String type) {
    return RESOURCES.get(type);
  }

  /** Every type the activities serve. */
  public static java.util.Set<String> types() {
    return RESOURCES.keySet();
  }

  /** Whether the activities serve {@code type}: its deletion wait is known here. */
  public static boolean serves(String type) {
    return RESOURCES.containsKey(type);
  }

  /** Whether {@code type}'s resource file declares a readiness wait. */
  public static boolean knowsReadiness(String type) {
    return serves(type) && RESOURCES.get(type).readiness() != null;
  }

  /**
   * One poll as product code does it: returns when {@code ready}, otherwise throws the product's
   * retryable "not ready" with its next-retry delay. Must run inside an activity (it reads the
   * attempt). A type without a declared readiness polls with no minimum (the product's early
   * interval from the start).
   */
  public static Readiness await(String type, String what, boolean ready) {
    Wait declared = knowsReadiness(type) ? readiness(type) : Wait.GONE;
    return AwsActivitySupport.await(
        what,
        () -> AwsActivitySupport.Observed.of(ready ? READY : PENDING),
        Wait.until(READY).notBefore(declared.minimum()).polledEvery(declared.early()));
  }

  /**
   * One deletion check through the product's {@link AwsActivitySupport#awaitDeleted}, with the
   * deletion wait the record's resource file declares. The record must be confirmed (not {@value
   * ResourceRecord#CREATING}): an unconfirmed one would be looked up in AWS, which a double has
   * not.
   */
  public static Readiness awaitDeleted(ResourceRecord record, boolean gone) {
    if (ResourceRecord.CREATING.equals(record.state())) {
      throw new IllegalArgumentException(
          "the double has no AWS to look up an unconfirmed " + record.type());
    }
    Wait deletion = serves(record.type()) ? RESOURCES.get(record.type()).deletion() : Wait.GONE;
    return AwsActivitySupport.awaitDeleted(
        record.type() + " " + record.id(),
        record,
        null,
        r -> gone ? AwsResource.GONE : DELETING,
        deletion);
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
        AwsActivitySupport.nextPoll(attempt, Wait.GONE.notBefore(ServiceInterfaces.DRAIN_MINIMUM)),
        left + " service network interfaces left in " + vpcId);
  }

  private static Wait readiness(String type) {
    return RESOURCES.get(type).readiness();
  }
}
