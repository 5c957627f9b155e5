package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:ec2:instance}: see the resource file {@code
 * aws/ec2/BastionInstance.java}.
 */
public record BastionInstanceRequest(AwsStack stack, String subnetId, String securityGroupId) {
  public static final String TYPE = "aws:ec2:instance";

  /** The smallest current x86 type with burst; an SSH hop needs no more. */
  public static final String INSTANCE_TYPE = "t3.micro";

  public String name() {
    return stack.name(AwsNames.BASTION);
  }

  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.BASTION, subnetId, securityGroupId);
  }
}
