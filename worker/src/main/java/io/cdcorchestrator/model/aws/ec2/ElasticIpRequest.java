package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:ec2:elastic-ip}: see the resource file {@code aws/ec2/ElasticIp.java}.
 */
public record ElasticIpRequest(AwsStack stack) {
  public static final String TYPE = "aws:ec2:elastic-ip";

  public String name() {
    return stack.name(AwsNames.NAT_EIP);
  }
}
