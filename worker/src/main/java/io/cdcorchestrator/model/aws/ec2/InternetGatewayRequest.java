package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * What creates {@code aws:ec2:internet-gateway}: see the resource file {@code
 * aws/ec2/InternetGateway.java}.
 */
public record InternetGatewayRequest(AwsStack stack, String vpcId) implements AwsRequest {
  public static final String TYPE = "aws:ec2:internet-gateway";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(RouteTableRequest.KIND);

  public String name() {
    return stack.name(AwsNames.IGW);
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
