package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.AWS_DELETE;

import io.cdcorchestrator.aws.AwsResourceActivities;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsType;
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
    return AwsType.isAws(r.type());
  }

  public static void delete(ResourceRecord r) {
    delete(r, AWS_DELETE);
  }

  public static void delete(ResourceRecord r, ActivityOptions options) {
    activities(r, options, "delete " + kind(r) + " " + r.id()).delete(r);
  }

  /**
   * The poll until a deleted resource is gone, on the service's activities; {@code options} bound
   * the wait.
   */
  public static Readiness awaitDeleted(ResourceRecord r, ActivityOptions options) {
    return activities(r, options, "await " + kind(r) + " deleted").awaitDeleted(r);
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

  /** Which activities create and delete a type: the interface that serves its AWS service. */
  public static Class<? extends AwsResourceActivities> activitiesOf(String type) {
    return AwsResourceActivities.of(type);
  }

  private static AwsResourceActivities activities(
      ResourceRecord r, ActivityOptions options, String summary) {
    return ActivityStubs.stub(activitiesOf(r.type()), options, summary);
  }

  private static String kind(ResourceRecord r) {
    return r.type().substring(r.type().lastIndexOf(':') + 1).replace('-', ' ');
  }
}
