package io.cdcorchestrator.model.aws.logs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;

/**
 * What creates {@code aws:logs:log-group}: see the resource file {@code aws/logs/LogGroup.java}.
 */
public record LogGroupRequest(AwsStack stack, int retentionDays) implements AwsRequest {
  public static final String TYPE = "aws:logs:log-group";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(TaskDefinitionRequest.KIND);

  public String name() {
    return AwsNames.logGroup(stack.pipeline());
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
