package io.cdcorchestrator.model.aws.elb;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.time.Duration;

/**
 * What creates {@code aws:elb:target-group}: see the resource file {@code
 * aws/elb/TargetGroup.java}.
 */
public record TargetGroupRequest(AwsStack stack, String vpcId, int port) implements AwsRequest {
  public static final String TYPE = "aws:elb:target-group";
  public static final AwsType KIND =
      AwsType.of(TYPE).awaitReady(Duration.ofMinutes(15)).tornDownAfter(LoadBalancerRequest.KIND);

  public String name() {
    return stack.name(AwsNames.TARGET_GROUP);
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
