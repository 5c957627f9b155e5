package io.cdcorchestrator.model.aws.rds;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:rds:db-instance}: see the resource file {@code aws/rds/DbInstance.java}.
 */
public record DbInstanceRequest(
    AwsStack stack,
    String engineVersion,
    String instanceClass,
    int storageGiB,
    String parameterGroupName,
    String subnetGroupName,
    String securityGroupId) {
  public static final String TYPE = "aws:rds:db-instance";

  public String identifier() {
    return stack.name(AwsNames.DB_INSTANCE);
  }
}
