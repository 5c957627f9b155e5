package io.cdcorchestrator.model.aws.rds;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.time.Duration;

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
    String securityGroupId)
    implements AwsRequest {
  public static final String TYPE = "aws:rds:db-instance";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .awaitReady(Duration.ofMinutes(60))
          .awaitGone(Duration.ofMinutes(60))
          .tornDownFirstIn(AwsType.TeardownBranch.DATABASE);

  public String identifier() {
    return stack.name(AwsNames.DB_INSTANCE);
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return identifier();
  }
}
