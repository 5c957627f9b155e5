package io.cdcorchestrator.aws;

import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;

/**
 * The user's own RDS PostgreSQL, made with the AWS SDK the way the user's Terraform would (no tag
 * of any pipeline), for the tests that adopt it. The tests delete what they made.
 */
public final class UsersRds {
  public static final String ADMIN = "shopadmin";

  private UsersRds() {}

  /** A parameter group of the user's, on the engine's defaults. */
  public static void parameterGroup(RdsClient rds, String name) {
    rds.createDBParameterGroup(
        r ->
            r.dbParameterGroupName(name)
                .dbParameterGroupFamily("postgres16")
                .description("the user's own"));
  }

  /** Sets {@code rds.logical_replication} in the user's group, as the user would. */
  public static void logicalReplication(RdsClient rds, String group, String value) {
    rds.modifyDBParameterGroup(
        r ->
            r.dbParameterGroupName(group)
                .parameters(
                    p ->
                        p.parameterName("rds.logical_replication")
                            .parameterValue(value)
                            .applyMethod(ApplyMethod.PENDING_REBOOT)));
  }

  public static void subnetGroup(RdsClient rds, String name, List<String> subnetIds) {
    rds.createDBSubnetGroup(
        r ->
            r.dbSubnetGroupName(name)
                .dbSubnetGroupDescription("the user's own")
                .subnetIds(subnetIds));
  }

  /**
   * A PostgreSQL 16 instance with admin {@value #ADMIN}; {@code parameterGroup} null: RDS's default
   * group.
   */
  public static void instance(
      RdsClient rds,
      String id,
      String parameterGroup,
      String subnetGroup,
      String securityGroupId,
      String password) {
    rds.createDBInstance(
        r ->
            r.dbInstanceIdentifier(id)
                .engine("postgres")
                .engineVersion("16.4")
                .dbInstanceClass("db.t4g.micro")
                .allocatedStorage(20)
                .masterUsername(ADMIN)
                .masterUserPassword(password)
                .dbParameterGroupName(parameterGroup)
                .dbSubnetGroupName(subnetGroup)
                .vpcSecurityGroupIds(securityGroupId));
  }
}
