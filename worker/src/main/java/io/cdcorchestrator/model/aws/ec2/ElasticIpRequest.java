package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * What creates {@code aws:ec2:elastic-ip}: see the resource file {@code aws/ec2/ElasticIp.java}.
 */
public record ElasticIpRequest(AwsStack stack) implements AwsRequest {
  public static final String TYPE = "aws:ec2:elastic-ip";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(NatGatewayRequest.KIND);

  public String name() {
    return stack.name(AwsNames.NAT_EIP);
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
