package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsStack;

/**
 * @param source a CIDR ({@code 203.0.113.0/24}) or a security group ID ({@code sg-…})
 */
public record SecurityGroupRuleRequest(
    AwsStack stack, String groupId, int fromPort, int toPort, String source, String description) {
  public static final String TYPE = "aws:ec2:security-group-rule";

  public SecurityGroupRuleRequest {
    if (source.endsWith("/0")) {
      throw new IllegalArgumentException(
          "security group rule: ingress from " + source + " is never allowed");
    }
  }

  public boolean fromGroup() {
    return source.startsWith("sg-");
  }

  public String name() {
    return stack.name("ingress-" + fromPort + "-" + toPort);
  }
}
