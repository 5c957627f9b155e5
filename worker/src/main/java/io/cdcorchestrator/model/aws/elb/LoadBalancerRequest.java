package io.cdcorchestrator.model.aws.elb;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;
import java.time.Duration;
import java.util.List;

/**
 * @param subnetIds public subnets when internet-facing, private ones when internal
 * @param internal scheme {@code internal}: reachable only inside the VPC (through the bastion, or
 *     by a worker in the VPC); the pipeline always asks for this
 */
public record LoadBalancerRequest(
    AwsStack stack, List<String> subnetIds, String securityGroupId, boolean internal)
    implements AwsRequest {
  public static final String TYPE = "aws:elb:load-balancer";
  public static final AwsType KIND =
      AwsType.of(TYPE)
          .awaitReady(Duration.ofMinutes(15))
          .awaitGone(Duration.ofMinutes(15))
          .tornDownAfter(ListenerRequest.KIND);

  /** Internet-facing: as before the bastion existed. */
  public LoadBalancerRequest(AwsStack stack, List<String> publicSubnetIds, String securityGroupId) {
    this(stack, publicSubnetIds, securityGroupId, false);
  }

  public String name() {
    return stack.name(AwsNames.LOAD_BALANCER);
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
