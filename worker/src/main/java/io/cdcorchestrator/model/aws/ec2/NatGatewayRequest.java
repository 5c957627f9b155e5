package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:ec2:nat-gateway}: see the resource file {@code aws/ec2/NatGateway.java}.
 */
public record NatGatewayRequest(AwsStack stack, String subnetId, String allocationId) {
  public static final String TYPE = "aws:ec2:nat-gateway";

  public String name() {
    return stack.name(AwsNames.NAT);
  }

  /** Same inputs, same token: a retried create returns the first gateway (AWS honours it). */
  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.NAT, subnetId, allocationId);
  }
}
