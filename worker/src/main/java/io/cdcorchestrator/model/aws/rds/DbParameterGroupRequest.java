package io.cdcorchestrator.model.aws.rds;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * @param engineMajor {@code 16} or {@code 17}: the family is {@code postgres<major>}
 */
public record DbParameterGroupRequest(AwsStack stack, String engineMajor) implements AwsRequest {
  public static final String TYPE = "aws:rds:db-parameter-group";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(DbSubnetGroupRequest.KIND);

  public String name() {
    return stack.name(AwsNames.DB_PARAMETER_GROUP);
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
