package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsStack;

/**
 * @param suffix {@code AwsNames.EXTERNAL_SG} or {@code AwsNames.INTERNAL_SG}
 */
public record SecurityGroupRequest(
    AwsStack stack, String vpcId, String suffix, String description) {
  public static final String TYPE = "aws:ec2:security-group";

  public String name() {
    return stack.name(suffix);
  }
}
