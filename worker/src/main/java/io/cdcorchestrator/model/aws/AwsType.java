package io.cdcorchestrator.model.aws;

import java.time.Duration;

/**
 * What the workflow knows about one AWS resource type, declared once as {@code KIND} in its
 * request's file: the type id the inventory records and teardown orders by ({@code
 * aws:<service>:<kind>}), and the deadlines of its waits. What the activities need besides (the
 * states a wait ends on, the minimum before its first poll) is in the resource's own file under
 * {@code aws/<service>/}.
 *
 * @param id e.g. {@code aws:ec2:vpc}
 * @param readyDeadline how long its readiness wait may take; null when it has none
 * @param goneDeadline how long teardown waits for it to be gone after its delete; null when the
 *     delete is done once AWS accepts it
 * @param deleteDeadline how long its delete is retried (a dependency still draining, say)
 */
public record AwsType(
    String id, Duration readyDeadline, Duration goneDeadline, Duration deleteDeadline) {
  /**
   * How long a delete is retried unless its type says otherwise: a dependent's delete can wait on a
   * slow one (an MSK configuration stays in use until its cluster, 10–30 minutes, is gone).
   */
  public static final Duration DELETE_DEADLINE = Duration.ofMinutes(60);

  /**
   * Security groups, subnets and the VPC: AWS answers DependencyViolation while a service's network
   * interfaces linger in them; retried within Terraform's bound of 15 minutes and a bit.
   */
  public static final Duration NETWORK_DELETE_DEADLINE = Duration.ofMinutes(20);

  private static final String PREFIX = "aws:";

  public AwsType {
    if (!id.startsWith(PREFIX) || id.split(":").length != 3) {
      throw new IllegalArgumentException("an AWS type is aws:<service>:<kind>, not " + id);
    }
  }

  /** A type with no waits whose delete retries for {@link #DELETE_DEADLINE}. */
  public static AwsType of(String id) {
    return new AwsType(id, null, null, DELETE_DEADLINE);
  }

  /** Whether {@code type} (an inventory record's) is an AWS resource type. */
  public static boolean isAws(String type) {
    return type.startsWith(PREFIX);
  }

  /** With a readiness wait bounded by {@code deadline}. */
  public AwsType awaitReady(Duration deadline) {
    return new AwsType(id, deadline, goneDeadline, deleteDeadline);
  }

  /** With a wait after its delete until it is gone, bounded by {@code deadline}. */
  public AwsType awaitGone(Duration deadline) {
    return new AwsType(id, readyDeadline, deadline, deleteDeadline);
  }

  /** With its delete retried for {@code deadline} instead of {@link #DELETE_DEADLINE}. */
  public AwsType retryDelete(Duration deadline) {
    return new AwsType(id, readyDeadline, goneDeadline, deadline);
  }

  /** The AWS service, e.g. {@code ec2}: which activities create and delete it. */
  public String service() {
    return service(id);
  }

  /** The service of a type id, e.g. {@code rds} of {@code aws:rds:db-instance}. */
  public static String service(String type) {
    return type.split(":")[1];
  }
}
