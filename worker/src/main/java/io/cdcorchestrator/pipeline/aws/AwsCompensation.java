package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.AWS_DELETE;

import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.temporal.activity.ActivityOptions;

/**
 * The compensation of every AWS resource type: the delete of the service's activity interface
 * (not-found is done; a dependency still draining is retried). Types are {@code
 * aws:<service>:<kind>}.
 */
public final class AwsCompensation {
  private static final String PREFIX = "aws:";

  private AwsCompensation() {}

  public static boolean handles(ResourceRecord r) {
    return r.type().startsWith(PREFIX);
  }

  public static void delete(ResourceRecord r) {
    delete(r, AWS_DELETE);
  }

  public static void delete(ResourceRecord r, ActivityOptions options) {
    String summary = "delete " + kind(r) + " " + r.id();
    switch (service(r)) {
      case "ec2" -> ActivityStubs.network(options, summary).delete(r);
      case "rds" -> ActivityStubs.database(options, summary).delete(r);
      case "kafka" -> ActivityStubs.kafka(options, summary).delete(r);
      case "ecs", "iam", "logs" -> ActivityStubs.container(options, summary).delete(r);
      case "elb" -> ActivityStubs.loadBalancer(options, summary).delete(r);
      default -> throw new IllegalStateException("no compensation for resource type " + r.type());
    }
  }

  /**
   * The poll until a deleted resource is gone, on the service's activities; {@code options} bound
   * the wait.
   */
  public static Readiness awaitDeleted(ResourceRecord r, ActivityOptions options) {
    String summary = "await " + kind(r) + " deleted";
    return switch (service(r)) {
      case "ec2" -> ActivityStubs.network(options, summary).awaitDeleted(r);
      case "rds" -> ActivityStubs.database(options, summary).awaitDeleted(r);
      case "kafka" -> ActivityStubs.kafka(options, summary).awaitDeleted(r);
      case "ecs", "iam", "logs" -> ActivityStubs.container(options, summary).awaitDeleted(r);
      case "elb" -> ActivityStubs.loadBalancer(options, summary).awaitDeleted(r);
      default -> throw new IllegalStateException("no deletion wait for resource type " + r.type());
    };
  }

  /**
   * e.g. {@code delete ec2:subnet subnet-0abc}: unique per resource, so the step log tells them
   * apart.
   */
  public static String stepName(ResourceRecord r) {
    return "delete " + r.type().substring(PREFIX.length()) + " " + r.id();
  }

  /** e.g. {@code awaitDeleted kafka:cluster arn:…}. */
  public static String waitStepName(ResourceRecord r) {
    return "awaitDeleted " + r.type().substring(PREFIX.length()) + " " + r.id();
  }

  private static String service(ResourceRecord r) {
    return r.type().split(":")[1];
  }

  private static String kind(ResourceRecord r) {
    return r.type().substring(r.type().lastIndexOf(':') + 1).replace('-', ' ');
  }
}
