package io.cdcorchestrator.model.aws.rds;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * @param engineMajor {@code 16} or {@code 17}: the family is {@code postgres<major>}
 */
public record DbParameterGroupRequest(AwsStack stack, String engineMajor) {
  public static final String TYPE = "aws:rds:db-parameter-group";

  public String name() {
    return stack.name(AwsNames.DB_PARAMETER_GROUP);
  }
}
