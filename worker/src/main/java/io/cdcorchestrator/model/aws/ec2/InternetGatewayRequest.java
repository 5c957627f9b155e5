package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:ec2:internet-gateway}: see the resource file {@code
 * aws/ec2/InternetGateway.java}.
 */
public record InternetGatewayRequest(AwsStack stack, String vpcId) {
  public static final String TYPE = "aws:ec2:internet-gateway";

  public String name() {
    return stack.name(AwsNames.IGW);
  }
}
