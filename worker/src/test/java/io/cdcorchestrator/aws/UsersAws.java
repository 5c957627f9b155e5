package io.cdcorchestrator.aws;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;

/**
 * The user's own AWS resources (subnets, an RDS PostgreSQL), made with the AWS SDK the way the
 * user's Terraform would (no tag of any pipeline), for the tests that adopt them. The tests delete
 * what they made, each delete {@link #quietly}.
 */
public final class UsersAws {
  public static final String ADMIN = "shopadmin";

  private UsersAws() {}

  /** A subnet of the user's in {@code vpcId}; its ID. */
  public static String subnet(Ec2Client ec2, String vpcId, String cidr, String zone) {
    return ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone))
        .subnet()
        .subnetId();
  }

  /** An ingress rule of the user's: TCP on {@code port} from {@code cidr}. */
  public static IpPermission tcpFrom(int port, String cidr) {
    return IpPermission.builder()
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .ipRanges(i -> i.cidrIp(cidr))
        .build();
  }

  /**
   * Runs one delete of a test's cleanup: already gone, or never made, the next delete still runs.
   */
  public static void quietly(Runnable delete) {
    try {
      delete.run();
    } catch (RuntimeException e) {
      // already gone, or never made
    }
  }

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
