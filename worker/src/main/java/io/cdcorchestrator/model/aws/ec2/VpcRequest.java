package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * @param region the region the spec asks for; the first create refuses a worker whose clients point
 *     elsewhere (null: no check)
 */
public record VpcRequest(AwsStack stack, String cidr, String region) implements AwsRequest {
  public static final String TYPE = "aws:ec2:vpc";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .retryDelete(AwsType.NETWORK_DELETE_DEADLINE)
          .tornDownAfter(SubnetRequest.KIND);

  public VpcRequest(AwsStack stack, String cidr) {
    this(stack, cidr, null);
  }

  public String name() {
    return stack.name(AwsNames.VPC);
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
