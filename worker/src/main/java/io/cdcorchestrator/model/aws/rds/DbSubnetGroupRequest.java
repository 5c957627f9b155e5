package io.cdcorchestrator.model.aws.rds;

import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import java.util.List;

/**
 * What creates {@code aws:rds:db-subnet-group}: see the resource file {@code
 * aws/rds/DbSubnetGroup.java}.
 */
public record DbSubnetGroupRequest(AwsStack stack, List<String> subnetIds) {
  public static final String TYPE = "aws:rds:db-subnet-group";

  public String name() {
    return stack.name(AwsNames.DB_SUBNET_GROUP);
  }
}
