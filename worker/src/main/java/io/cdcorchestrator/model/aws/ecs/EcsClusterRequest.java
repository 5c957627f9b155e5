package io.cdcorchestrator.model.aws.ecs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/** What creates {@code aws:ecs:cluster}: see the resource file {@code aws/ecs/EcsCluster.java}. */
public record EcsClusterRequest(AwsStack stack) implements AwsRequest {
  public static final String TYPE = "aws:ecs:cluster";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(EcsServiceRequest.KIND);

  public String name() {
    return stack.name(AwsNames.ECS_CLUSTER);
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
