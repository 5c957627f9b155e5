package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * @param target an internet gateway ({@code igw-…}) or a NAT gateway ({@code nat-…})
 */
public record RouteRequest(
    AwsStack stack, String routeTableId, String destinationCidr, String target)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:route";
  public static final AwsType KIND =
      AwsType.of(TYPE).tornDownFirstIn(AwsType.TeardownBranch.NETWORK);
  public static final String DEFAULT_DESTINATION = "0.0.0.0/0";

  /** A route has no ID of its own: like Terraform's, it is {@code <route table>_<destination>}. */
  public static String routeId(String routeTableId, String destinationCidr) {
    return routeTableId + "_" + destinationCidr;
  }

  @Override
  public AwsType kind() {
    return KIND;
  }

  @Override
  public String intendedId() {
    return routeId(routeTableId, destinationCidr);
  }
}
