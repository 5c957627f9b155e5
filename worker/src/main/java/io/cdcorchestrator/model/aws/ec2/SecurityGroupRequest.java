package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * @param suffix {@code AwsNames.EXTERNAL_SG} or {@code AwsNames.INTERNAL_SG}
 */
public record SecurityGroupRequest(AwsStack stack, String vpcId, String suffix, String description)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:security-group";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .retryDelete(AwsType.NETWORK_DELETE_DEADLINE)
          .tornDownAfter(SecurityGroupRuleRequest.KIND);

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
