package io.cdcorchestrator.model.aws.ecs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import java.util.List;

/** What creates {@code aws:ecs:service}: see the resource file {@code aws/ecs/EcsService.java}. */
public record EcsServiceRequest(
    AwsStack stack,
    String clusterArn,
    String taskDefinitionArn,
    int desiredCount,
    List<String> privateSubnetIds,
    String securityGroupId,
    String targetGroupArn) {
  public static final String TYPE = "aws:ecs:service";

  public String name() {
    return stack.name(AwsNames.CONNECT);
  }

  /** ≤ 36 characters; the target group's ARN is new for every incarnation of the pipeline. */
  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.CONNECT, targetGroupArn);
  }
}
