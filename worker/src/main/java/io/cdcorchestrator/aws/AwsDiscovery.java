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
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsRequest;
import io.cdcorchestrator.model.aws.AwsStack;
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
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
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
import software.amazon.awssdk.services.ec2.model.Filter;

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
    Optional<ResourceRecord> vpc = find(out, new Vpc(ec2), new VpcRequest(stack, null));
    String vpcId = vpc.map(ResourceRecord::id).orElse(null);
    if (vpcId != null) {
      Subnet subnets = new Subnet(ec2);
      for (boolean isPublic : new boolean[] {true, false}) {
        for (int i = 0; i < MAX_SUBNETS; i++) {
          String suffix = isPublic ? AwsNames.publicSubnet(i) : AwsNames.privateSubnet(i);
          if (find(out, subnets, new SubnetRequest(stack, vpcId, suffix, null, null)).isEmpty()) {
            break;
          }
        }
      }
    }
    find(
        out,
        new InternetGateway(ec2),
        new InternetGatewayRequest(stack, vpcId == null ? "" : vpcId));
    find(out, new ElasticIp(ec2), new ElasticIpRequest(stack));
    find(out, new NatGateway(ec2), new NatGatewayRequest(stack, null, null));
    if (vpcId == null) { // no VPC of its own: its groups may stand in one it adopted
      vpcId = vpcOfOwnGroups(stack);
    }
    if (vpcId == null) {
      return;
    }
    for (boolean isPublic : new boolean[] {true, false}) {
      Optional<ResourceRecord> table =
          find(out, new RouteTable(ec2), new RouteTableRequest(stack, vpcId, isPublic));
      if (table.isEmpty()) {
        continue;
      }
      String tableId = table.get().id();
      find(
          out,
          new Route(ec2),
          new RouteRequest(stack, tableId, RouteRequest.DEFAULT_DESTINATION, null));
      for (ResourceRecord a : new RouteTableAssociation(ec2).findInTable(tableId)) {
        add(out, new RouteTableAssociationRequest(stack, tableId, a.attr("subnetId")), a);
      }
    }
    List<ResourceRecord> groups = new ArrayList<>();
    for (String suffix : List.of(AwsNames.EXTERNAL_SG, AwsNames.INTERNAL_SG, AwsNames.BASTION_SG)) {
      find(out, new SecurityGroup(ec2), new SecurityGroupRequest(stack, vpcId, suffix, null))
          .ifPresent(groups::add);
    }
    find(out, new BastionInstance(ec2), new BastionInstanceRequest(stack, null, null));
    SecurityGroupRule rules = new SecurityGroupRule(ec2);
    for (ResourceRecord g : groups) {
      for (ResourceRecord r : rules.findInGroup(g.id())) {
        // not through a request: one refuses a rule from everywhere, which a sweep must still find
        out.add(
            new Found(
                SecurityGroupRuleRequest.intendedId(
                    r.attr("groupId"), Integer.parseInt(r.attr("fromPort")), r.attr("source")),
                r));
      }
    }
  }

  /**
   * The VPC the pipeline's own (tagged) security groups are in: one it adopted ({@code
   * network.existing}), which carries no tag of the pipeline's and is never discovered itself.
   */
  private String vpcOfOwnGroups(AwsStack stack) {
    return clients
        .ec2()
        .describeSecurityGroups(
            r ->
                r.filters(
                    Filter.builder()
                        .name("tag:" + AwsStack.PIPELINE_TAG)
                        .values(stack.pipeline())
                        .build()))
        .securityGroups()
        .stream()
        .map(g -> g.vpcId())
        .findFirst()
        .orElse(null);
  }

  private void kafka(AwsStack stack, List<Found> out) {
    var kafka = clients.kafka();
    find(out, new MskConfiguration(kafka), new MskConfigurationRequest(stack, null, null));
    find(
        out,
        new MskCluster(kafka),
        new MskClusterRequest(stack, null, null, 0, 0, false, null, null, null, 0));
  }

  private void database(AwsStack stack, List<Found> out) {
    var rds = clients.rds();
    find(out, new DbParameterGroup(rds), new DbParameterGroupRequest(stack, null));
    find(out, new DbSubnetGroup(rds), new DbSubnetGroupRequest(stack, null));
    DbInstanceRequest instance = new DbInstanceRequest(stack, null, null, 0, null, null, null);
    new DbInstance(rds)
        .find(instance)
        .filter(i -> !"deleting".equals(i.state()))
        .ifPresent(i -> add(out, instance, i));
  }

  private void connect(AwsStack stack, List<Found> out) {
    find(out, new LogGroup(clients.logs()), new LogGroupRequest(stack, 0));
    Optional<ResourceRecord> role =
        find(out, new TaskExecutionRole(clients.iam()), new TaskExecutionRoleRequest(stack));
    var ecs = clients.ecs();
    Optional<ResourceRecord> cluster = find(out, new EcsCluster(ecs), new EcsClusterRequest(stack));
    var elb = clients.elb();
    Optional<ResourceRecord> alb =
        find(out, new LoadBalancer(elb), new LoadBalancerRequest(stack, null, null));
    find(out, new TargetGroup(elb), new TargetGroupRequest(stack, null, 0));
    alb.ifPresent(
        a -> {
          for (ResourceRecord l : new Listener(elb).findOn(a.id())) {
            add(out, new ListenerRequest(stack, a.id(), null, Integer.parseInt(l.attr("port"))), l);
          }
        });
    role.ifPresent(
        r -> {
          SecretReadPolicyRequest policy = new SecretReadPolicyRequest(stack, r.id(), null);
          new SecretReadPolicy(clients.iam())
              .describe(
                  new ResourceRecord(
                      SecretReadPolicyRequest.TYPE,
                      policy.intendedId(),
                      null,
                      Map.of("roleName", r.id())))
              .ifPresent(p -> add(out, policy, p));
        });
    TaskDefinitionRequest definition =
        new TaskDefinitionRequest(stack, null, 0, 0, null, null, null, null, 0, false, null);
    new TaskDefinition(ecs).findFamily(definition.family()).ifPresent(d -> add(out, definition, d));
    cluster.ifPresent(
        c ->
            find(
                out,
                new EcsService(ecs),
                new EcsServiceRequest(stack, c.id(), null, 0, null, null, null)));
  }

  /**
   * What {@code request} finds, under the ID the request owns: the one the workflow recorded its
   * intent under.
   */
  private static <Q extends AwsRequest> Optional<ResourceRecord> find(
      List<Found> out, AwsResource<Q> resource, Q request) {
    Optional<ResourceRecord> found = resource.find(request);
    found.ifPresent(r -> add(out, request, r));
    return found;
  }

  private static void add(List<Found> out, AwsRequest request, ResourceRecord record) {
    out.add(new Found(request.intendedId(), record));
  }
}
