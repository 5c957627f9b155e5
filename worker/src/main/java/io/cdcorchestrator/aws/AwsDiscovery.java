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
import io.cdcorchestrator.aws.ecs.EcsCluster;
import io.cdcorchestrator.aws.ecs.EcsService;
import io.cdcorchestrator.aws.ecs.TaskDefinition;
import io.cdcorchestrator.aws.elb.Listener;
import io.cdcorchestrator.aws.elb.LoadBalancer;
import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.aws.iam.SecretReadPolicy;
import io.cdcorchestrator.aws.iam.TaskExecutionRole;
import io.cdcorchestrator.aws.kafka.MskCluster;
import io.cdcorchestrator.aws.kafka.MskConfiguration;
import io.cdcorchestrator.aws.logs.LogGroup;
import io.cdcorchestrator.aws.rds.DbInstance;
import io.cdcorchestrator.aws.rds.DbParameterGroup;
import io.cdcorchestrator.aws.rds.DbSubnetGroup;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ec2.BastionInstanceRequest;
import io.cdcorchestrator.model.aws.ec2.ElasticIpRequest;
import io.cdcorchestrator.model.aws.ec2.InternetGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.NatGatewayRequest;
import io.cdcorchestrator.model.aws.ec2.RouteRequest;
import io.cdcorchestrator.model.aws.ec2.RouteTableRequest;
import io.cdcorchestrator.model.aws.ec2.SecurityGroupRequest;
import io.cdcorchestrator.model.aws.ec2.SubnetRequest;
import io.cdcorchestrator.model.aws.ec2.VpcRequest;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.cdcorchestrator.model.aws.iam.SecretReadPolicyRequest;
import io.cdcorchestrator.model.aws.iam.TaskExecutionRoleRequest;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import io.cdcorchestrator.model.aws.logs.LogGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbInstanceRequest;
import io.cdcorchestrator.model.aws.rds.DbParameterGroupRequest;
import io.cdcorchestrator.model.aws.rds.DbSubnetGroupRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything of one pipeline that exists now, found the way each resource's own {@code find} finds
 * it: EC2 by the {@code cdc:pipeline} and {@code Name} tags, the other services by their
 * deterministic names ({@code cdc-<pipeline>-…}), children through their parents (rules through
 * groups, routes and associations through tables, listeners through the load balancer). Returned in
 * creation order, each with the ID the workflow records its intent under, so two things use it:
 * {@code cdc sweep} (what a terminated run left) and the delete of a record whose create was never
 * confirmed.
 */
public final class AwsDiscovery {
  /** More subnets per kind than any spec asks for: the walk stops at the first missing one. */
  private static final int MAX_SUBNETS = 8;

  /** One resource as it exists, and the ID the workflow expects for it before it exists. */
  public record Found(String intendedId, ResourceRecord record) {}

  private final AwsClients clients;

  public AwsDiscovery(AwsClients clients) {
    this.clients = clients;
  }

  public List<Found> discover(String pipeline) {
    AwsStack stack = AwsStack.of(pipeline);
    List<Found> found = new ArrayList<>();
    network(stack, found);
    kafka(stack, found);
    database(stack, found);
    connect(stack, found);
    return found;
  }

  /**
   * The resources a record still in state creating stands for: none, one, or (after a retry race)
   * more.
   */
  public List<ResourceRecord> intended(String pipeline, ResourceRecord intent) {
    return discover(pipeline).stream()
        .filter(f -> f.record().type().equals(intent.type()) && f.intendedId().equals(intent.id()))
        .map(Found::record)
        .toList();
  }

  private void network(AwsStack stack, List<Found> out) {
    var ec2 = clients.ec2();
    Optional<ResourceRecord> vpc = new Vpc(ec2).find(new VpcRequest(stack, null));
    vpc.ifPresent(v -> add(out, stack.name(AwsNames.VPC), v));
    String vpcId = vpc.map(ResourceRecord::id).orElse(null);
    if (vpcId != null) {
      Subnet subnets = new Subnet(ec2);
      for (boolean isPublic : new boolean[] {true, false}) {
        for (int i = 0; i < MAX_SUBNETS; i++) {
          String suffix = isPublic ? AwsNames.publicSubnet(i) : AwsNames.privateSubnet(i);
          Optional<ResourceRecord> subnet =
              subnets.find(new SubnetRequest(stack, vpcId, suffix, null, null));
          if (subnet.isEmpty()) {
            break;
          }
          add(out, stack.name(suffix), subnet.get());
        }
      }
    }
    new InternetGateway(ec2)
        .find(new InternetGatewayRequest(stack, vpcId == null ? "" : vpcId))
        .ifPresent(g -> add(out, stack.name(AwsNames.IGW), g));
    new ElasticIp(ec2)
        .find(new ElasticIpRequest(stack))
        .ifPresent(a -> add(out, stack.name(AwsNames.NAT_EIP), a));
    new NatGateway(ec2)
        .find(new NatGatewayRequest(stack, null, null))
        .ifPresent(n -> add(out, stack.name(AwsNames.NAT), n));
    if (vpcId == null) {
      return;
    }
    for (boolean isPublic : new boolean[] {true, false}) {
      Optional<ResourceRecord> table =
          new RouteTable(ec2).find(new RouteTableRequest(stack, vpcId, isPublic));
      if (table.isEmpty()) {
        continue;
      }
      String tableId = table.get().id();
      add(out, stack.name(AwsNames.routeTable(isPublic)), table.get());
      new Route(ec2)
          .find(new RouteRequest(stack, tableId, RouteRequest.DEFAULT_DESTINATION, null))
          .ifPresent(r -> add(out, r.id(), r));
      new RouteTableAssociation(ec2)
          .findInTable(tableId)
          .forEach(a -> add(out, tableId + "/" + a.attr("subnetId"), a));
    }
    List<ResourceRecord> groups = new ArrayList<>();
    for (String suffix : List.of(AwsNames.EXTERNAL_SG, AwsNames.INTERNAL_SG, AwsNames.BASTION_SG)) {
      new SecurityGroup(ec2)
          .find(new SecurityGroupRequest(stack, vpcId, suffix, null))
          .ifPresent(
              g -> {
                groups.add(g);
                add(out, stack.name(suffix), g);
              });
    }
    new BastionInstance(ec2)
        .find(new BastionInstanceRequest(stack, null, null))
        .ifPresent(i -> add(out, stack.name(AwsNames.BASTION), i));
    SecurityGroupRule rules = new SecurityGroupRule(ec2);
    for (ResourceRecord g : groups) {
      rules.findInGroup(g.id()).forEach(r -> add(out, SecurityGroupRule.intendedId(r), r));
    }
  }

  private void kafka(AwsStack stack, List<Found> out) {
    var kafka = clients.kafka();
    new MskConfiguration(kafka)
        .find(new MskConfigurationRequest(stack, null, null))
        .ifPresent(c -> add(out, stack.name(AwsNames.MSK_CONFIGURATION), c));
    new MskCluster(kafka)
        .find(new MskClusterRequest(stack, null, null, 0, 0, false, null, null, null, 0))
        .ifPresent(c -> add(out, stack.name(AwsNames.MSK_CLUSTER), c));
  }

  private void database(AwsStack stack, List<Found> out) {
    var rds = clients.rds();
    new DbParameterGroup(rds)
        .find(new DbParameterGroupRequest(stack, null))
        .ifPresent(g -> add(out, g.id(), g));
    new DbSubnetGroup(rds)
        .find(new DbSubnetGroupRequest(stack, null))
        .ifPresent(g -> add(out, g.id(), g));
    new DbInstance(rds)
        .find(new DbInstanceRequest(stack, null, null, 0, null, null, null))
        .filter(i -> !"deleting".equals(i.state()))
        .ifPresent(i -> add(out, i.id(), i));
  }

  private void connect(AwsStack stack, List<Found> out) {
    new LogGroup(clients.logs())
        .find(new LogGroupRequest(stack, 0))
        .ifPresent(g -> add(out, g.id(), g));
    Optional<ResourceRecord> role =
        new TaskExecutionRole(clients.iam()).find(new TaskExecutionRoleRequest(stack));
    role.ifPresent(r -> add(out, r.id(), r));
    var ecs = clients.ecs();
    Optional<ResourceRecord> cluster = new EcsCluster(ecs).find(new EcsClusterRequest(stack));
    cluster.ifPresent(c -> add(out, stack.name(AwsNames.ECS_CLUSTER), c));
    var elb = clients.elb();
    Optional<ResourceRecord> alb =
        new LoadBalancer(elb).find(new LoadBalancerRequest(stack, null, null));
    alb.ifPresent(a -> add(out, stack.name(AwsNames.LOAD_BALANCER), a));
    new TargetGroup(elb)
        .find(new TargetGroupRequest(stack, null, 0))
        .ifPresent(g -> add(out, stack.name(AwsNames.TARGET_GROUP), g));
    alb.ifPresent(
        a ->
            new Listener(elb)
                .findOn(a.id())
                .forEach(l -> add(out, a.id() + ":" + l.attr("port"), l)));
    role.ifPresent(
        r ->
            new SecretReadPolicy(clients.iam())
                .describe(
                    new ResourceRecord(
                        SecretReadPolicyRequest.TYPE, r.id(), null, Map.of("roleName", r.id())))
                .ifPresent(p -> add(out, p.id(), p)));
    new TaskDefinition(ecs)
        .findFamily(stack.name(AwsNames.CONNECT))
        .ifPresent(d -> add(out, stack.name(AwsNames.CONNECT), d));
    cluster.ifPresent(
        c ->
            new EcsService(ecs)
                .find(new EcsServiceRequest(stack, c.id(), null, 0, null, null, null))
                .ifPresent(s -> add(out, stack.name(AwsNames.CONNECT), s)));
  }

  private static void add(List<Found> out, String intendedId, ResourceRecord record) {
    out.add(new Found(intendedId, record));
  }
}
