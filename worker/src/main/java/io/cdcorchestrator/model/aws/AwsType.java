package io.cdcorchestrator.model.aws;

import java.time.Duration;

/**
 * What the workflow knows about one AWS resource type, declared once as {@code KIND} in its
 * request's file: the type id the inventory records and teardown orders by ({@code
 * aws:<service>:<kind>}), the deadlines of its waits and its place in the teardown. What the
 * activities need besides (the states a wait ends on, the minimum before its first poll) is in the
 * resource's own file under {@code aws/<service>/}.
 *
 * @param id e.g. {@code aws:ec2:vpc}
 * @param readyDeadline how long its readiness wait may take; null when it has none
 * @param goneDeadline how long teardown waits for it to be gone after its delete; null when the
 *     delete is done once AWS accepts it
 * @param deleteDeadline how long its delete is retried (a dependency still draining, say)
 * @param teardown where teardown deletes it; null: newest first in a branch of its own, before the
 *     network
 */
public record AwsType(
    String id,
    Duration readyDeadline,
    Duration goneDeadline,
    Duration deleteDeadline,
    Teardown teardown) {
  /**
   * The branches of the teardown, in the order the workflow starts them: the service branches side
   * by side, then the network before and after its interfaces drain (docs/ARCHITECTURE.md, "AWS
   * teardown order"). Their order here is part of the workflow's command order: do not reorder.
   */
  public enum TeardownBranch {
    CONNECT,
    LOAD_BALANCER,
    KAFKA,
    DATABASE,
    /**
     * The NAT gateway and its Elastic IP: beside the service branches once the Kafka Connect
     * service (whose tasks reach out through it) is gone; in runs recorded before, the network's
     * first types.
     */
    EGRESS,
    NETWORK,
    NETWORK_AFTER_DRAIN;

    /** Whether this branch runs beside the other service branches, from the start. */
    public boolean sideBySide() {
      return ordinal() < EGRESS.ordinal();
    }
  }

  /**
   * A type's place in the teardown: its branch, and the type deleted just before it there (null for
   * the branch's first). A type is deleted after the one it names, which is what it depends on or
   * what depends on it being gone (a configuration after its cluster, a VPC after its subnets).
   */
  public record Teardown(TeardownBranch branch, AwsType after) {
    /** How many types come before this one in its branch. */
    public int position() {
      return after == null ? 0 : after.teardown().position() + 1;
    }
  }

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
    return new AwsType(id, null, null, DELETE_DEADLINE, null);
  }

  /** Whether {@code type} (an inventory record's) is an AWS resource type. */
  public static boolean isAws(String type) {
    return type.startsWith(PREFIX);
  }

  /** With a readiness wait bounded by {@code deadline}. */
  public AwsType awaitReady(Duration deadline) {
    return new AwsType(id, deadline, goneDeadline, deleteDeadline, teardown);
  }

  /** With a wait after its delete until it is gone, bounded by {@code deadline}. */
  public AwsType awaitGone(Duration deadline) {
    return new AwsType(id, readyDeadline, deadline, deleteDeadline, teardown);
  }

  /** With its delete retried for {@code deadline} instead of {@link #DELETE_DEADLINE}. */
  public AwsType retryDelete(Duration deadline) {
    return new AwsType(id, readyDeadline, goneDeadline, deadline, teardown);
  }

  /** Deleted first in {@code branch} of the teardown. */
  public AwsType tornDownFirstIn(TeardownBranch branch) {
    return new AwsType(id, readyDeadline, goneDeadline, deleteDeadline, new Teardown(branch, null));
  }

  /** Deleted right after {@code previous}, in its branch of the teardown. */
  public AwsType tornDownAfter(AwsType previous) {
    if (previous.teardown() == null) {
      throw new IllegalArgumentException(
          id + " is torn down after " + previous.id() + ", which has no place in the teardown");
    }
    return new AwsType(
        id,
        readyDeadline,
        goneDeadline,
        deleteDeadline,
        new Teardown(previous.teardown().branch(), previous));
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
