package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsStack;

/**
 * @param suffix {@code AwsNames.publicSubnet(i)} or {@code AwsNames.privateSubnet(i)}
 */
public record SubnetRequest(
    AwsStack stack, String vpcId, String suffix, String cidr, String availabilityZone) {
  public static final String TYPE = "aws:ec2:subnet";

  public String name() {
    return stack.name(suffix);
  }
}
