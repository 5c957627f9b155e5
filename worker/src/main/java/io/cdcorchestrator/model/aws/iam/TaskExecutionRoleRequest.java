package io.cdcorchestrator.model.aws.iam;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:iam:role}: see the resource file {@code aws/iam/TaskExecutionRole.java}.
 */
public record TaskExecutionRoleRequest(AwsStack stack) {
  public static final String TYPE = "aws:iam:role";

  public String name() {
    return stack.name(AwsNames.EXECUTION_ROLE);
  }
}
