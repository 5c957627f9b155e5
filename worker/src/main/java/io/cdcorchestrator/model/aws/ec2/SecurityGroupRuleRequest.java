package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * @param source a CIDR ({@code 203.0.113.0/24}) or a security group ID ({@code sg-…})
 */
public record SecurityGroupRuleRequest(
    AwsStack stack, String groupId, int fromPort, int toPort, String source, String description)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:security-group-rule";
  public static final AwsType KIND =
      AwsType.of(TYPE).tornDownFirstIn(AwsType.TeardownBranch.NETWORK_AFTER_DRAIN);

  /**
   * {@code <group>:<port><-<source>}: AWS gives a rule its own ID only once it exists; discovery
   * builds the same from a rule it finds.
   */
  public static String intendedId(String groupId, int fromPort, String source) {
    return groupId + ":" + fromPort + "<-" + source;
  }

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

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return intendedId(groupId, fromPort, source);
  }
}
