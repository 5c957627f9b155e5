package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * @param region the region the spec asks for; the first create refuses a worker whose clients point
 *     elsewhere (null: no check)
 */
public record VpcRequest(AwsStack stack, String cidr, String region) {
  public static final String TYPE = "aws:ec2:vpc";

  public VpcRequest(AwsStack stack, String cidr) {
    this(stack, cidr, null);
  }

  public String name() {
    return stack.name(AwsNames.VPC);
  }
}
