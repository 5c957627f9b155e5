package io.cdcorchestrator.model.aws.rds;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.util.List;

/**
 * What creates {@code aws:rds:db-subnet-group}: see the resource file {@code
 * aws/rds/DbSubnetGroup.java}.
 */
public record DbSubnetGroupRequest(AwsStack stack, List<String> subnetIds) implements AwsRequest {
  public static final String TYPE = "aws:rds:db-subnet-group";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(DbInstanceRequest.KIND);

  public String name() {
    return stack.name(AwsNames.DB_SUBNET_GROUP);
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return name();
  }
}
