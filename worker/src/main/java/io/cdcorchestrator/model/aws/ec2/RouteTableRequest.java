package io.cdcorchestrator.model.aws.ec2;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;

/**
 * What creates {@code aws:ec2:route-table}: see the resource file {@code aws/ec2/RouteTable.java}.
 */
public record RouteTableRequest(AwsStack stack, String vpcId, boolean isPublic) {
  public static final String TYPE = "aws:ec2:route-table";

  public String name() {
    return stack.name(AwsNames.routeTable(isPublic));
  }

  public String clientToken() {
    return AwsNames.clientToken(stack.pipeline(), AwsNames.routeTable(isPublic), vpcId);
  }
}
