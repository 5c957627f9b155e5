package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.time.Duration;

/**
 * What creates {@code aws:ec2:nat-gateway}: see the resource file {@code aws/ec2/NatGateway.java}.
 */
public record NatGatewayRequest(AwsStack stack, String subnetId, String allocationId)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:nat-gateway";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .awaitReady(Duration.ofMinutes(15))
          .awaitGone(Duration.ofMinutes(15))
          .tornDownFirstIn(AwsType.TeardownBranch.EGRESS);

  public String name() {
    return stack.name(AwsNames.NAT);
  }

  /** Same inputs, same token: a retried create returns the first gateway (AWS honours it). */
  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.NAT, subnetId, allocationId);
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
