package io.cdcorchestrator.model.aws;

/**
 * What creates one AWS resource, passed from the workflow to its create activity. Every request
 * owns two facts the saga relies on: its type, and the ID the workflow records its intent under
 * before the create runs. That intended ID is what a delete of an unconfirmed create and {@code cdc
 * sweep} find the resource by again (the resource file's {@code discover}, under {@code
 * aws/<service>/}, builds the same request from what it finds), so it is built here and nowhere
 * else.
 */
public interface AwsRequest {
  AwsStack stack();

  /** The type's description: see {@link AwsType}. */
  AwsType kind();

  /** e.g. {@code aws:ec2:vpc}. */
  default String type() {
    return kind().id();
  }

  /**
   * The ID the workflow expects before the resource exists: its deterministic name, or for what AWS
   * names by its parents, e.g. {@code <route table>/<subnet>}.
   */
  String intendedId();
}
