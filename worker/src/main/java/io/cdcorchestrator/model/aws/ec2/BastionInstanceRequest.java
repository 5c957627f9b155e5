package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.time.Duration;

/**
 * What creates {@code aws:ec2:instance}: see the resource file {@code
 * aws/ec2/BastionInstance.java}.
 */
public record BastionInstanceRequest(AwsStack stack, String subnetId, String securityGroupId)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:instance";
  public static final AwsType KIND = AwsType.of(TYPE).awaitReady(Duration.ofMinutes(10));

  /** The smallest current x86 type with burst; an SSH hop needs no more. */
  public static final String INSTANCE_TYPE = "t3.micro";

  public String name() {
    return stack.name(AwsNames.BASTION);
  }

  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.BASTION, subnetId, securityGroupId);
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
