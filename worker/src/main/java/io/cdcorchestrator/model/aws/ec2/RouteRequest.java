package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsStack;

/**
 * @param target an internet gateway ({@code igw-…}) or a NAT gateway ({@code nat-…})
 */
public record RouteRequest(
    AwsStack stack, String routeTableId, String destinationCidr, String target) {
  public static final String TYPE = "aws:ec2:route";
  public static final String DEFAULT_DESTINATION = "0.0.0.0/0";
}
