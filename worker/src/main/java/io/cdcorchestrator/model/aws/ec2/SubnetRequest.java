package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * @param suffix {@code AwsNames.publicSubnet(i)} or {@code AwsNames.privateSubnet(i)}
 */
public record SubnetRequest(
    AwsStack stack, String vpcId, String suffix, String cidr, String availabilityZone)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:subnet";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .retryDelete(AwsType.NETWORK_DELETE_DEADLINE)
          .tornDownAfter(SecurityGroupRequest.KIND);

  public String name() {
    return stack.name(suffix);
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
