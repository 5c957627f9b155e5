package io.cdcorchestrator.model.aws.ecs;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.time.Duration;
import java.util.List;

/** What creates {@code aws:ecs:service}: see the resource file {@code aws/ecs/EcsService.java}. */
public record EcsServiceRequest(
    AwsStack stack,
    String clusterArn,
    String taskDefinitionArn,
    int desiredCount,
    List<String> privateSubnetIds,
    String securityGroupId,
    String targetGroupArn)
    implements AwsRequest {
  public static final String TYPE = "aws:ecs:service";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .awaitReady(Duration.ofMinutes(30))
          .awaitGone(Duration.ofMinutes(30))
          .tornDownFirstIn(AwsType.TeardownBranch.CONNECT);

  public String name() {
    return stack.name(AwsNames.CONNECT);
  }

  /** ≤ 36 characters; the target group's ARN is new for every incarnation of the pipeline. */
  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.CONNECT, targetGroupArn);
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
