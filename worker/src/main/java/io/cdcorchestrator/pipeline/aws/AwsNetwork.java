package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.network;

import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsPorts;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.AwsStack;
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
import io.cdcorchestrator.pipeline.saga.ActivityStubs;
import io.cdcorchestrator.pipeline.saga.PipelineContext;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The network, workflow code, top to bottom: VPC, two public and two private subnets, internet
 * gateway, NAT gateway (with its Elastic IP) and its wait, route tables with their default routes
 * and associations, then the security groups and their rules. With the bastion (the default) the
 * only ingress from outside the pipeline's own groups is SSH from the operator's CIDR to the
 * bastion, which in turn may reach the internal load balancer (Kafka Connect) and PostgreSQL.
 * Direct: the load balancer and PostgreSQL admit the operator's range (VPN, peering), or the VPC
 * when none is given.
 */
final class AwsNetwork {
  private static final ActivityOptions CREATE = ActivityStubs.CREATE;
  private static final ActivityOptions AWAIT_NAT = ActivityStubs.await(Duration.ofMinutes(15));

  /** What the later stages place their resources in. */
  /**
   * @param bastionGroupId null with direct access
   */
  record Built(
      String vpcId,
      List<String> publicSubnetIds,
      List<String> privateSubnetIds,
      String externalGroupId,
      String internalGroupId,
      String bastionGroupId) {}

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
    String vpcId =
        ctx.create(
                "createVpc",
                VpcRequest.TYPE,
                stack.name(AwsNames.VPC),
                () ->
                    network(CREATE, "create VPC " + net.vpcCidr())
                        .createVpc(new VpcRequest(stack, net.vpcCidr(), spec.region())))
            .id();
    List<String> publicIds = subnets(vpcId, true, net.publicSubnets(), net.availabilityZones());
    List<String> privateIds = subnets(vpcId, false, net.privateSubnets(), net.availabilityZones());

    String igwId =
        ctx.create(
                "createInternetGateway",
                InternetGatewayRequest.TYPE,
                stack.name(AwsNames.IGW),
                () ->
                    network(CREATE, "create and attach internet gateway")
                        .createInternetGateway(new InternetGatewayRequest(stack, vpcId)))
            .id();
    String allocationId =
        ctx.create(
                "createElasticIp",
                ElasticIpRequest.TYPE,
                stack.name(AwsNames.NAT_EIP),
                () ->
                    network(CREATE, "allocate Elastic IP for the NAT gateway")
                        .createElasticIp(new ElasticIpRequest(stack)))
            .id();
    ResourceRecord nat =
        ctx.create(
            "createNatGateway",
            NatGatewayRequest.TYPE,
            stack.name(AwsNames.NAT),
            () ->
                network(CREATE, "create NAT gateway")
                    .createNatGateway(
                        new NatGatewayRequest(stack, publicIds.get(0), allocationId)));
    ctx.await(
        "awaitNatGateway",
        () -> network(AWAIT_NAT, "await NAT gateway available").awaitNatGateway(nat));

    routeTable(vpcId, true, igwId, publicIds);
    routeTable(vpcId, false, nat.id(), privateIds);

    String external =
        group(vpcId, AwsNames.EXTERNAL_SG, "internal load balancer: Kafka Connect REST");
    String internal =
        group(vpcId, AwsNames.INTERNAL_SG, "Kafka Connect, MSK and RDS of the pipeline");
    String bastion = null;
    String dataPlane; // where the data-plane activities come from
    if (spec.viaBastion()) {
      bastion = group(vpcId, AwsNames.BASTION_SG, "bastion: SSH from the operator only");
      rule(bastion, AwsPorts.SSH, spec.operatorCidr(), "SSH to the bastion from the operator");
      dataPlane = bastion;
    } else {
      dataPlane = spec.operatorCidr() != null ? spec.operatorCidr() : net.vpcCidr();
    }
    rule(external, AwsPorts.LISTENER, dataPlane, "Kafka Connect REST from the data-plane worker");
    rule(internal, AwsPorts.CONNECT, external, "Kafka Connect from the load balancer");
    rule(internal, AwsPorts.POSTGRES, internal, "PostgreSQL inside the pipeline");
    rule(internal, AwsPorts.POSTGRES, dataPlane, "PostgreSQL from the data-plane worker");
    rule(internal, kafkaPort, internal, "Kafka inside the pipeline");
    return new Built(vpcId, publicIds, privateIds, external, internal, bastion);
  }

  private List<String> subnets(
      String vpcId, boolean isPublic, List<String> cidrs, List<String> zones) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String suffix = isPublic ? AwsNames.publicSubnet(i) : AwsNames.privateSubnet(i);
      SubnetRequest request = new SubnetRequest(stack, vpcId, suffix, cidrs.get(i), zones.get(i));
      ids.add(
          ctx.create(
                  "createSubnet " + suffix,
                  SubnetRequest.TYPE,
                  stack.name(suffix),
                  () ->
                      network(CREATE, "create subnet " + suffix + " " + request.cidr())
                          .createSubnet(request))
              .id());
    }
    return ids;
  }

  /**
   * A route table, its default route (to {@code target}) and its associations with {@code
   * subnetIds}.
   */
  private void routeTable(String vpcId, boolean isPublic, String target, List<String> subnetIds) {
    String suffix = AwsNames.routeTable(isPublic);
    String tableId =
        ctx.create(
                "createRouteTable " + suffix,
                RouteTableRequest.TYPE,
                stack.name(suffix),
                () ->
                    network(CREATE, "create route table " + suffix)
                        .createRouteTable(new RouteTableRequest(stack, vpcId, isPublic)))
            .id();
    RouteRequest route = new RouteRequest(stack, tableId, RouteRequest.DEFAULT_DESTINATION, target);
    ctx.create(
        "createRoute " + suffix,
        RouteRequest.TYPE,
        tableId + "_" + RouteRequest.DEFAULT_DESTINATION,
        () ->
            network(CREATE, "route " + RouteRequest.DEFAULT_DESTINATION + " via " + target)
                .createRoute(route));
    for (String subnetId : subnetIds) {
      ctx.create(
          "associateRouteTable " + suffix + " " + subnetId,
          RouteTableAssociationRequest.TYPE,
          tableId + "/" + subnetId,
          () ->
              network(CREATE, "associate " + suffix + " with " + subnetId)
                  .createRouteTableAssociation(
                      new RouteTableAssociationRequest(stack, tableId, subnetId)));
    }
  }

  private String group(String vpcId, String suffix, String description) {
    return ctx.create(
            "createSecurityGroup " + suffix,
            SecurityGroupRequest.TYPE,
            stack.name(suffix),
            () ->
                network(CREATE, "create security group " + suffix)
                    .createSecurityGroup(
                        new SecurityGroupRequest(stack, vpcId, suffix, description)))
        .id();
  }

  private void rule(String groupId, int port, String source, String description) {
    SecurityGroupRuleRequest request =
        new SecurityGroupRuleRequest(stack, groupId, port, port, source, description);
    ctx.create(
        "allow " + port + " into " + groupId + " from " + source,
        SecurityGroupRuleRequest.TYPE,
        groupId + ":" + port + "<-" + source,
        () -> network(CREATE, "allow " + description).createSecurityGroupRule(request));
  }
}
