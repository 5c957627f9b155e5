package io.cdcorchestrator.pipeline.aws;

import static io.cdcorchestrator.pipeline.saga.ActivityStubs.awaitReady;
import static io.cdcorchestrator.pipeline.saga.ActivityStubs.network;

import io.cdcorchestrator.model.Existing;
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
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The network, workflow code, top to bottom: VPC, two public and two private subnets, internet
 * gateway, NAT gateway (with its Elastic IP) and its wait, route tables with their default routes
 * and associations, then the security groups and their rules. Since {@link
 * AwsProvisioning#EGRESS_BESIDE} the NAT gateway and the private routes are {@link #egress}, a
 * branch the provisioning runs beside the services. With the bastion (the default) the only ingress
 * from outside the pipeline's own groups is SSH from the operator's CIDR to the bastion, which in
 * turn may reach the internal load balancer (Kafka Connect) and PostgreSQL. Direct: the load
 * balancer and PostgreSQL admit the operator's range (VPN, peering), or the VPC when none is given.
 */
final class AwsNetwork {
  /**
   * Change id: with two or more Kafka Connect tasks, the internal group admits 8083 from itself
   * (workers forward REST calls and task configs to the group's leader).
   */
  public static final String CONNECT_PEERS = "aws-connect-peers-8083";

  private static final ActivityOptions CREATE = ActivityStubs.CREATE;

  /**
   * What the later stages place their resources in.
   *
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

  /**
   * @param zones the zone of each public/private subnet pair, in order
   */
  Built provision(int kafkaPort, List<String> zones) {
    return provision(kafkaPort, zones, false);
  }

  /**
   * @param egressBeside leave out the NAT gateway and the private routes: {@link #egress} builds
   *     them in a branch of their own, beside what needs only subnets and groups
   */
  Built provision(int kafkaPort, List<String> zones, boolean egressBeside) {
    Existing.Network adopted = ctx.spec().existingNetwork();
    return adopted == null ? create(kafkaPort, zones, egressBeside) : adopt(adopted, kafkaPort);
  }

  /**
   * The private subnets' way out: Elastic IP, NAT gateway (in the first public subnet, behind the
   * internet gateway), its 1-3 min wait, then the private route table through it. Only the Kafka
   * Connect tasks (pulling their image, reading the secret) need it.
   */
  void egress(Built net) {
    routeTable(net.vpcId(), false, natGateway(net.publicSubnetIds()).id(), net.privateSubnetIds());
  }

  /**
   * {@code network.existing}: the user's VPC and subnets are read and checked, not created (nor
   * their gateways and routes: the VPC routes as its owner set it up); the pipeline's own security
   * groups go into it.
   */
  private Built adopt(Existing.Network adopted, int kafkaPort) {
    List<ResourceRecord> records =
        ctx.run(
            "adoptNetwork",
            () ->
                network(CREATE, "adopt VPC " + adopted.vpcId() + " and its subnets")
                    .adoptNetwork(adopted),
            r -> "adopted " + r.size() + " (VPC and subnets)");
    for (ResourceRecord r : records) {
      if (!r.adopted()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "adoptNetwork returned " + r.id() + " it did not adopt", "WrongResourceType");
      }
      ctx.inventory().created(r.id(), r);
    }
    ResourceRecord vpc = records.get(0);
    return groups(
        vpc.id(),
        vpc.attr("cidr"),
        adopted.publicSubnetIds(),
        adopted.privateSubnetIds(),
        kafkaPort);
  }

  private Built create(int kafkaPort, List<String> zones, boolean egressBeside) {
    AwsSpec.Network net = spec.network();
    VpcRequest vpc = new VpcRequest(stack, net.vpcCidr(), spec.region());
    String vpcId =
        ctx.create("createVpc", vpc, network(CREATE, "create VPC " + net.vpcCidr())::createVpc)
            .id();
    List<String> publicIds = subnets(vpcId, true, net.publicSubnets(), zones);
    List<String> privateIds = subnets(vpcId, false, net.privateSubnets(), zones);

    String igwId =
        ctx.create(
                "createInternetGateway",
                new InternetGatewayRequest(stack, vpcId),
                network(CREATE, "create and attach internet gateway")::createInternetGateway)
            .id();
    if (egressBeside) {
      routeTable(vpcId, true, igwId, publicIds);
      return groups(vpcId, net.vpcCidr(), publicIds, privateIds, kafkaPort);
    }
    ResourceRecord nat = natGateway(publicIds);
    routeTable(vpcId, true, igwId, publicIds);
    routeTable(vpcId, false, nat.id(), privateIds);
    return groups(vpcId, net.vpcCidr(), publicIds, privateIds, kafkaPort);
  }

  /** The Elastic IP, the NAT gateway in the first public subnet, and its wait. */
  private ResourceRecord natGateway(List<String> publicIds) {
    String allocationId =
        ctx.create(
                "createElasticIp",
                new ElasticIpRequest(stack),
                network(CREATE, "allocate Elastic IP for the NAT gateway")::createElasticIp)
            .id();
    ResourceRecord nat =
        ctx.create(
            "createNatGateway",
            new NatGatewayRequest(stack, publicIds.get(0), allocationId),
            network(CREATE, "create NAT gateway")::createNatGateway);
    ctx.await(
        "awaitNatGateway",
        () ->
            network(awaitReady(NatGatewayRequest.KIND), "await NAT gateway available")
                .awaitNatGateway(nat));
    return nat;
  }

  /**
   * The pipeline's security groups and their rules. Ingress is added only to groups created here:
   * an adopted database or MSK cluster keeps its own groups, whose rules the preflight checks.
   */
  private Built groups(
      String vpcId,
      String vpcCidr,
      List<String> publicIds,
      List<String> privateIds,
      int kafkaPort) {
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
      dataPlane = spec.operatorCidr() != null ? spec.operatorCidr() : vpcCidr;
    }
    rule(external, AwsPorts.LISTENER, dataPlane, "Kafka Connect REST from the data-plane worker");
    rule(internal, AwsPorts.CONNECT, external, "Kafka Connect from the load balancer");
    if (spec.connect().desiredCount() >= 2
        && Workflow.getVersion(CONNECT_PEERS, Workflow.DEFAULT_VERSION, 1) == 1) {
      rule(internal, AwsPorts.CONNECT, internal, "Kafka Connect workers among themselves");
    }
    if (ctx.spec().existingDatabase() == null) {
      rule(internal, AwsPorts.POSTGRES, internal, "PostgreSQL inside the pipeline");
      rule(internal, AwsPorts.POSTGRES, dataPlane, "PostgreSQL from the data-plane worker");
    }
    if (ctx.spec().existingKafka() == null) {
      rule(internal, kafkaPort, internal, "Kafka inside the pipeline");
    }
    return new Built(vpcId, publicIds, privateIds, external, internal, bastion);
  }

  private List<String> subnets(
      String vpcId, boolean isPublic, List<String> cidrs, List<String> zones) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String suffix = isPublic ? AwsNames.publicSubnet(i) : AwsNames.privateSubnet(i);
      SubnetRequest subnet = new SubnetRequest(stack, vpcId, suffix, cidrs.get(i), zones.get(i));
      String summary = "create subnet " + suffix + " " + subnet.cidr();
      ids.add(
          ctx.create("createSubnet " + suffix, subnet, network(CREATE, summary)::createSubnet)
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
                new RouteTableRequest(stack, vpcId, isPublic),
                network(CREATE, "create route table " + suffix)::createRouteTable)
            .id();
    ctx.create(
        "createRoute " + suffix,
        new RouteRequest(stack, tableId, RouteRequest.DEFAULT_DESTINATION, target),
        network(CREATE, "route " + RouteRequest.DEFAULT_DESTINATION + " via " + target)
            ::createRoute);
    for (String subnetId : subnetIds) {
      ctx.create(
          "associateRouteTable " + suffix + " " + subnetId,
          new RouteTableAssociationRequest(stack, tableId, subnetId),
          network(CREATE, "associate " + suffix + " with " + subnetId)
              ::createRouteTableAssociation);
    }
  }

  private String group(String vpcId, String suffix, String description) {
    return ctx.create(
            "createSecurityGroup " + suffix,
            new SecurityGroupRequest(stack, vpcId, suffix, description),
            network(CREATE, "create security group " + suffix)::createSecurityGroup)
        .id();
  }

  private void rule(String groupId, int port, String source, String description) {
    ctx.create(
        "allow " + port + " into " + groupId + " from " + source,
        new SecurityGroupRuleRequest(stack, groupId, port, port, source, description),
        network(CREATE, "allow " + description)::createSecurityGroupRule);
  }
}
