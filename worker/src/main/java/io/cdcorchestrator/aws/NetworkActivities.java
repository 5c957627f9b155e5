package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.ec2.BastionInstance;
import io.cdcorchestrator.aws.ec2.ElasticIp;
import io.cdcorchestrator.aws.ec2.InternetGateway;
import io.cdcorchestrator.aws.ec2.NatGateway;
import io.cdcorchestrator.aws.ec2.Route;
import io.cdcorchestrator.aws.ec2.RouteTable;
import io.cdcorchestrator.aws.ec2.RouteTableAssociation;
import io.cdcorchestrator.aws.ec2.SecurityGroup;
import io.cdcorchestrator.aws.ec2.SecurityGroupRule;
import io.cdcorchestrator.aws.ec2.Subnet;
import io.cdcorchestrator.aws.ec2.Vpc;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.ActivityInterface;

/** EC2 networking: every create is find-or-create, {@link #delete} treats "not found" as done. */
@ActivityInterface(namePrefix = "AwsNetwork")
public interface NetworkActivities {
  ResourceRecord createVpc(Vpc.Request request);

  ResourceRecord createSubnet(Subnet.Request request);

  ResourceRecord createInternetGateway(InternetGateway.Request request);

  ResourceRecord createElasticIp(ElasticIp.Request request);

  ResourceRecord createNatGateway(NatGateway.Request request);

  /** One describe: {@code available}, else poll again; {@code failed} ends the wait with AWS's message. */
  Readiness awaitNatGateway(ResourceRecord gateway);

  ResourceRecord createRouteTable(RouteTable.Request request);

  ResourceRecord createRoute(Route.Request request);

  ResourceRecord createRouteTableAssociation(RouteTableAssociation.Request request);

  ResourceRecord createSecurityGroup(SecurityGroup.Request request);

  ResourceRecord createSecurityGroupRule(SecurityGroupRule.Request request);

  /** The bastion instance (only with {@code dataPlaneAccess: bastion}). */
  ResourceRecord createBastion(BastionInstance.Request request);

  /**
   * One describe: {@code running} with both status checks ok, else poll again; {@code terminated},
   * {@code stopped} and the like end the wait. Returns the instance's record with its public address.
   */
  ResourceRecord awaitBastion(ResourceRecord instance);

  /**
   * One check that the service-managed network interfaces in the VPC (RDS, ALB, MSK, Fargate, NAT)
   * are gone, so security groups and subnets can be deleted; else poll again.
   */
  Readiness awaitNetworkInterfacesDrained(String vpcId);

  /**
   * Deletes any resource these activities created, chosen by the record's type. An instance is
   * terminated and the call returns only once it is {@code terminated} (until then "not yet", retried),
   * so its security group, deleted after it, is no longer in use.
   */
  void delete(ResourceRecord resource);

  /** Waits for a deleted resource (the NAT gateway: state deleted) to be gone. Also for a record whose create was never confirmed. */
  Readiness awaitDeleted(ResourceRecord resource);
}
