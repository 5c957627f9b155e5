package io.cdcorchestrator.model.aws.iam;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * What creates {@code aws:iam:role}: see the resource file {@code aws/iam/TaskExecutionRole.java}.
 */
public record TaskExecutionRoleRequest(AwsStack stack) implements AwsRequest {
  public static final String TYPE = "aws:iam:role";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(SecretReadPolicyRequest.KIND);

  public String name() {
    return stack.name(AwsNames.EXECUTION_ROLE);
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
