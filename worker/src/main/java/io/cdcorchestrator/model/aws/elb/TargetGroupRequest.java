package io.cdcorchestrator.model.aws.elb;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:elb:target-group}: see the resource file {@code
 * aws/elb/TargetGroup.java}.
 */
public record TargetGroupRequest(AwsStack stack, String vpcId, int port) {
  public static final String TYPE = "aws:elb:target-group";

  public String name() {
    return stack.name(AwsNames.TARGET_GROUP);
  }
}
