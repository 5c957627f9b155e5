package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:ec2:route-table-association}: see the resource file {@code
 * aws/ec2/RouteTableAssociation.java}.
 */
public record RouteTableAssociationRequest(AwsStack stack, String routeTableId, String subnetId) {
  public static final String TYPE = "aws:ec2:route-table-association";
}
