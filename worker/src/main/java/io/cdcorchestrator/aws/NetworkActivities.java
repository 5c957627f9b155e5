package io.cdcorchestrator.aws;

import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ec2.ElasticIpRequest;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableAssociationRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRuleRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** EC2 networking: every create is find-or-create, {@link #delete} treats "not found" as done. */
@ActivityInterface(namePrefix = "AwsNetwork")
public interface NetworkActivities extends AwsResourceActivities {
  ResourceRecord createVpc(VpcRequest request);

  ResourceRecord createSubnet(SubnetRequest request);

  ResourceRecord createInternetGateway(InternetGatewayRequest request);

  ResourceRecord createElasticIp(ElasticIpRequest request);

  ResourceRecord createNatGateway(NatGatewayRequest request);

  /**
   * One describe: {@code available}, else poll again; {@code failed} ends the wait with AWS's
   * message.
   */
  Readiness awaitNatGateway(ResourceRecord gateway);

  ResourceRecord createRouteTable(RouteTableRequest request);

  ResourceRecord createRoute(RouteRequest request);

  ResourceRecord createRouteTableAssociation(RouteTableAssociationRequest request);

  ResourceRecord createSecurityGroup(SecurityGroupRequest request);

  ResourceRecord createSecurityGroupRule(SecurityGroupRuleRequest request);

  /**
   * The user's VPC and subnets ({@code network.existing}), checked (they exist, the subnets are in
   * the VPC, all available) and returned as adopted records: the VPC first, then the subnets as
   * listed. Nothing is created or tagged.
   */
  List<ResourceRecord> adoptNetwork(Existing.Network network);

  /** The bastion instance (only with {@code dataPlaneAccess: bastion}). */
  ResourceRecord createBastion(BastionInstanceRequest request);

  /**
   * One describe: {@code running} with both status checks ok, else poll again; {@code terminated},
   * {@code stopped} and the like end the wait. Returns the instance's record with its public
   * address.
   */
  ResourceRecord awaitBastion(ResourceRecord instance);

  /**
   * One check that the service-managed network interfaces in the VPC (RDS, ALB, MSK, Fargate, NAT)
   * are gone, so security groups and subnets can be deleted; else poll again.
   */
  Readiness awaitNetworkInterfacesDrained(String vpcId);
}
