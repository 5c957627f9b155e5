package io.cdcorchestrator.model.aws.ecs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/** What creates {@code aws:ecs:cluster}: see the resource file {@code aws/ecs/EcsCluster.java}. */
public record EcsClusterRequest(AwsStack stack) {
  public static final String TYPE = "aws:ecs:cluster";

  public String name() {
    return stack.name(AwsNames.ECS_CLUSTER);
  }
}
