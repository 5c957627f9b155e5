package io.cdcorchestrator.aws;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * What of a pipeline still exists on moto, asked of each resource kind: EC2 by the {@code
 * cdc:pipeline} tag (moto's DescribeTags keeps the tags of deleted resources, so it is not used),
 * the rest by their deterministic names {@code cdc-<pipeline>-…}. NAT gateways stay listed as
 * {@code deleted} for a while (as on AWS) and MSK clusters as DELETING: neither counts. moto
 * answers every NAT gateway and MSK cluster whatever the filter, so those two are matched here too.
 */
public final class TagScan {
  private TagScan() {}

  /** Everything of {@code pipeline}, as {@code kind id}. */
  public static List<String> live(AwsClients clients, String pipeline) {
    List<String> live = new ArrayList<>(ec2(clients, pipeline));
    live.addAll(others(clients, pipeline));
    return live;
  }

  public static List<String> ec2(AwsClients clients, String pipeline) {
    var ec2 = clients.ec2();
    Filter tag = Filter.builder().name("tag:" + AwsStack.PIPELINE_TAG).values(pipeline).build();
    List<String> live = new ArrayList<>();
    ec2.describeVpcs(r -> r.filters(tag)).vpcs().forEach(v -> live.add("vpc " + v.vpcId()));
    ec2.describeSubnets(r -> r.filters(tag))
        .subnets()
        .forEach(v -> live.add("subnet " + v.subnetId()));
    ec2.describeInternetGateways(r -> r.filters(tag))
        .internetGateways()
        .forEach(v -> live.add("internet-gateway " + v.internetGatewayId()));
    ec2.describeAddresses(r -> r.filters(tag))
        .addresses()
        .forEach(v -> live.add("elastic-ip " + v.allocationId()));
    ec2.describeNatGateways(r -> r.filter(tag)).natGateways().stream()
        .filter(
            g ->
                g.tags().stream()
                    .anyMatch(
                        t ->
                            t.key().equals(AwsStack.PIPELINE_TAG)
                                && t.value().equals(pipeline))) // moto ignores the filter
        .filter(g -> !Set.of("deleted", "deleting").contains(g.stateAsString()))
        .forEach(v -> live.add("nat-gateway " + v.natGatewayId()));
    ec2.describeRouteTables(r -> r.filters(tag))
        .routeTables()
        .forEach(v -> live.add("route-table " + v.routeTableId()));
    ec2.describeSecurityGroups(r -> r.filters(tag))
        .securityGroups()
        .forEach(v -> live.add("security-group " + v.groupId()));
    ec2.describeSecurityGroupRules(r -> r.filters(tag))
        .securityGroupRules()
        .forEach(v -> live.add("security-group-rule " + v.securityGroupRuleId()));
    return live;
  }

  public static List<String> others(AwsClients clients, String pipeline) {
    String prefix = AwsNames.name(pipeline, "");
    List<String> live = new ArrayList<>();
    clients.rds().describeDBInstances().dbInstances().stream()
        .map(i -> i.dbInstanceIdentifier())
        .filter(n -> n.startsWith(prefix))
        .forEach(n -> live.add("db-instance " + n));
    clients.rds().describeDBSubnetGroups().dbSubnetGroups().stream()
        .map(g -> g.dbSubnetGroupName())
        .filter(n -> n.startsWith(prefix))
        .forEach(n -> live.add("db-subnet-group " + n));
    clients.rds().describeDBParameterGroups().dbParameterGroups().stream()
        .map(g -> g.dbParameterGroupName())
        .filter(n -> n.startsWith(prefix))
        .forEach(n -> live.add("db-parameter-group " + n));
    clients.kafka().listClustersV2(r -> r.clusterNameFilter(prefix)).clusterInfoList().stream()
        .filter(c -> c.clusterName().startsWith(prefix)) // moto ignores the filter
        .filter(c -> !"DELETING".equals(c.stateAsString()))
        .forEach(c -> live.add("msk-cluster " + c.clusterName()));
    clients.kafka().listConfigurations(r -> {}).configurations().stream()
        .map(c -> c.name())
        .filter(n -> n.startsWith(prefix))
        .forEach(n -> live.add("msk-configuration " + n));
    clients.elb().describeLoadBalancers().loadBalancers().stream()
        .map(l -> l.loadBalancerName())
        .filter(n -> n.startsWith(prefix))
        .forEach(n -> live.add("load-balancer " + n));
    clients.elb().describeTargetGroups().targetGroups().stream()
        .map(g -> g.targetGroupName())
        .filter(n -> n.startsWith(prefix))
        .forEach(n -> live.add("target-group " + n));
    var clusters = clients.ecs().listClusters().clusterArns();
    if (!clusters.isEmpty()) {
      clients.ecs().describeClusters(r -> r.clusters(clusters)).clusters().stream()
          .filter(c -> c.clusterName().startsWith(prefix) && "ACTIVE".equals(c.status()))
          .forEach(c -> live.add("ecs-cluster " + c.clusterName()));
    }
    clients.iam().listRoles().roles().stream()
        .map(r -> r.roleName())
        .filter(n -> n.startsWith(prefix))
        .forEach(n -> live.add("iam-role " + n));
    clients
        .logs()
        .describeLogGroups(r -> r.logGroupNamePrefix(AwsNames.logGroup(pipeline)))
        .logGroups()
        .forEach(g -> live.add("log-group " + g.logGroupName()));
    return live;
  }
}
