package io.cdcorchestrator.model.aws.logs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:logs:log-group}: see the resource file {@code aws/logs/LogGroup.java}.
 */
public record LogGroupRequest(AwsStack stack, int retentionDays) {
  public static final String TYPE = "aws:logs:log-group";

  public String name() {
    return AwsNames.logGroup(stack.pipeline());
  }
}
