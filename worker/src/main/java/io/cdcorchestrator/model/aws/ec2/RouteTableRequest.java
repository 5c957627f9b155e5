package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.AwsType;

/**
 * What creates {@code aws:ec2:route-table}: see the resource file {@code aws/ec2/RouteTable.java}.
 */
public record RouteTableRequest(AwsStack stack, String vpcId, boolean isPublic)
    implements AwsRequest {
  public static final String TYPE = "aws:ec2:route-table";
  public static final AwsType KIND =
      AwsType.of(TYPE).tornDownAfter(RouteTableAssociationRequest.KIND);

  public String name() {
    return stack.name(AwsNames.routeTable(isPublic));
  }

  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.routeTable(isPublic), vpcId);
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
