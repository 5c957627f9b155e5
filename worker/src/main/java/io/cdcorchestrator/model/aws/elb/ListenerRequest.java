package io.cdcorchestrator.model.aws.elb;

import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/** What creates {@code aws:elb:listener}: see the resource file {@code aws/elb/Listener.java}. */
public record ListenerRequest(
    AwsStack stack, String loadBalancerArn, String targetGroupArn, int port) implements AwsRequest {
  public static final String TYPE = "aws:elb:listener";
  public static final AwsType KIND =
      AwsType.of(TYPE).tornDownFirstIn(AwsType.TeardownBranch.LOAD_BALANCER);

  /** {@code <load balancer ARN>:<port>}: a load balancer has one listener per port. */
  public static String listenerId(String loadBalancerArn, int port) {
    return loadBalancerArn + ":" + port;
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return listenerId(loadBalancerArn, port);
  }
}
