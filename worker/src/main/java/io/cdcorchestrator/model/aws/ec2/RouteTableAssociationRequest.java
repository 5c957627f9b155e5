package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * What creates {@code aws:ec2:route-table-association}: see the resource file {@code
 * aws/ec2/RouteTableAssociation.java}.
 */
public record RouteTableAssociationRequest(AwsStack stack, String routeTableId, String subnetId)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:route-table-association";
  public static final AwsType KIND = AwsType.of(TYPE).tornDownAfter(RouteRequest.KIND);

  /** {@code <route table>/<subnet>}: AWS gives the association its own ID only once it exists. */
  public static String associationId(String routeTableId, String subnetId) {
    return routeTableId + "/" + subnetId;
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return associationId(routeTableId, subnetId);
  }
}
