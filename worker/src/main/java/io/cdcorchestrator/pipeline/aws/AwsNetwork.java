package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.ActivityStubs.network;

import io.cdcorchestrator.aws.AwsNames;
import io.cdcorchestrator.aws.AwsSpec;
import io.cdcorchestrator.aws.AwsStack;
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
import io.cdcorchestrator.pipeline.ActivityStubs;
import io.cdcorchestrator.pipeline.PipelineContext;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The network, workflow code, top to bottom: VPC, two public and two private subnets, internet
 * gateway, NAT gateway (with its Elastic IP) and its wait, route tables with their default routes and
 * associations, then the security groups and their rules. With the bastion (the default) the only
 * ingress from outside the pipeline's own groups is SSH from the operator's CIDR to the bastion, which
 * in turn may reach the internal load balancer (Kafka Connect) and PostgreSQL. Direct: the load
 * balancer and PostgreSQL admit the operator's range (VPN, peering), or the VPC when none is given.
 */
final class AwsNetwork {
  /** Kafka Connect's HTTP listener on the (internal) load balancer. */
  static final int LISTENER_PORT = 80;
  static final int CONNECT_PORT = 8083;
  static final int POSTGRES_PORT = 5432;
  static final int SSH_PORT = 22;

  private static final ActivityOptions CREATE = ActivityStubs.CREATE;
  private static final ActivityOptions AWAIT_NAT = ActivityStubs.await(Duration.ofMinutes(15));

  /** What the later stages place their resources in. */
  /** @param bastionGroupId null with direct access */
  record Built(String vpcId, List<String> publicSubnetIds, List<String> privateSubnetIds, String externalGroupId,
      String internalGroupId, String bastionGroupId) {}

  private final PipelineContext ctx;
  private final AwsSpec spec;
  private final AwsStack stack;

  AwsNetwork(PipelineContext ctx, AwsSpec spec, AwsStack stack) {
    this.ctx = ctx;
    this.spec = spec;
    this.stack = stack;
  }

  Built provision(int kafkaPort) {
    AwsSpec.Network net = spec.network();
    String vpcId = ctx.create("createVpc", Vpc.TYPE, stack.name(AwsNames.VPC),
        () -> network(CREATE, "create VPC " + net.vpcCidr()).createVpc(new Vpc.Request(stack, net.vpcCidr(), spec.region()))).id();
    List<String> publicIds = subnets(vpcId, true, net.publicSubnets(), net.availabilityZones());
    List<String> privateIds = subnets(vpcId, false, net.privateSubnets(), net.availabilityZones());

    String igwId = ctx.create("createInternetGateway", InternetGateway.TYPE, stack.name(AwsNames.IGW),
        () -> network(CREATE, "create and attach internet gateway")
            .createInternetGateway(new InternetGateway.Request(stack, vpcId))).id();
    String allocationId = ctx.create("createElasticIp", ElasticIp.TYPE, stack.name(AwsNames.NAT_EIP),
        () -> network(CREATE, "allocate Elastic IP for the NAT gateway")
            .createElasticIp(new ElasticIp.Request(stack))).id();
    ResourceRecord nat = ctx.create("createNatGateway", NatGateway.TYPE, stack.name(AwsNames.NAT),
        () -> network(CREATE, "create NAT gateway")
            .createNatGateway(new NatGateway.Request(stack, publicIds.get(0), allocationId)));
    ctx.await("awaitNatGateway", () -> network(AWAIT_NAT, "await NAT gateway available").awaitNatGateway(nat));

    routeTable(vpcId, true, igwId, publicIds);
    routeTable(vpcId, false, nat.id(), privateIds);

    String external = group(vpcId, AwsNames.EXTERNAL_SG, "internal load balancer: Kafka Connect REST");
    String internal = group(vpcId, AwsNames.INTERNAL_SG, "Kafka Connect, MSK and RDS of the pipeline");
    String bastion = null;
    String dataPlane; // where the data-plane activities come from
    if (spec.viaBastion()) {
      bastion = group(vpcId, AwsNames.BASTION_SG, "bastion: SSH from the operator only");
      rule(bastion, SSH_PORT, spec.operatorCidr(), "SSH to the bastion from the operator");
      dataPlane = bastion;
    } else {
      dataPlane = spec.operatorCidr() != null ? spec.operatorCidr() : net.vpcCidr();
    }
    rule(external, LISTENER_PORT, dataPlane, "Kafka Connect REST from the data-plane worker");
    rule(internal, CONNECT_PORT, external, "Kafka Connect from the load balancer");
    rule(internal, POSTGRES_PORT, internal, "PostgreSQL inside the pipeline");
    rule(internal, POSTGRES_PORT, dataPlane, "PostgreSQL from the data-plane worker");
    rule(internal, kafkaPort, internal, "Kafka inside the pipeline");
    return new Built(vpcId, publicIds, privateIds, external, internal, bastion);
  }

  private List<String> subnets(String vpcId, boolean isPublic, List<String> cidrs, List<String> zones) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String suffix = isPublic ? AwsNames.publicSubnet(i) : AwsNames.privateSubnet(i);
      Subnet.Request request = new Subnet.Request(stack, vpcId, suffix, cidrs.get(i), zones.get(i));
      ids.add(ctx.create("createSubnet " + suffix, Subnet.TYPE, stack.name(suffix),
          () -> network(CREATE, "create subnet " + suffix + " " + request.cidr()).createSubnet(request)).id());
    }
    return ids;
  }

  /** A route table, its default route (to {@code target}) and its associations with {@code subnetIds}. */
  private void routeTable(String vpcId, boolean isPublic, String target, List<String> subnetIds) {
    String suffix = AwsNames.routeTable(isPublic);
    String tableId = ctx.create("createRouteTable " + suffix, RouteTable.TYPE, stack.name(suffix),
        () -> network(CREATE, "create route table " + suffix)
            .createRouteTable(new RouteTable.Request(stack, vpcId, isPublic))).id();
    Route.Request route = new Route.Request(stack, tableId, Route.DEFAULT_DESTINATION, target);
    ctx.create("createRoute " + suffix, Route.TYPE, tableId + "_" + Route.DEFAULT_DESTINATION,
        () -> network(CREATE, "route " + Route.DEFAULT_DESTINATION + " via " + target).createRoute(route));
    for (String subnetId : subnetIds) {
      ctx.create("associateRouteTable " + suffix + " " + subnetId, RouteTableAssociation.TYPE,
          tableId + "/" + subnetId,
          () -> network(CREATE, "associate " + suffix + " with " + subnetId)
              .createRouteTableAssociation(new RouteTableAssociation.Request(stack, tableId, subnetId)));
    }
  }

  private String group(String vpcId, String suffix, String description) {
    return ctx.create("createSecurityGroup " + suffix, SecurityGroup.TYPE, stack.name(suffix),
        () -> network(CREATE, "create security group " + suffix)
            .createSecurityGroup(new SecurityGroup.Request(stack, vpcId, suffix, description))).id();
  }

  private void rule(String groupId, int port, String source, String description) {
    SecurityGroupRule.Request request = new SecurityGroupRule.Request(stack, groupId, port, port, source, description);
    ctx.create("allow " + port + " into " + groupId + " from " + source, SecurityGroupRule.TYPE,
        groupId + ":" + port + "<-" + source,
        () -> network(CREATE, "allow " + description).createSecurityGroupRule(request));
  }
}
