package io.cdcorchestrator.model.aws.elb;

import io.cdcorchestrator.model.aws.AwsStack;

/** What creates {@code aws:elb:listener}: see the resource file {@code aws/elb/Listener.java}. */
public record ListenerRequest(
    AwsStack stack, String loadBalancerArn, String targetGroupArn, int port) {
  public static final String TYPE = "aws:elb:listener";
}
