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
import java.util.List;

/**
 * The one list of AWS resource files: a file registered here is served by the activity interface of
 * its service ({@link AwsResourceActivities#of}) and found by {@link AwsDiscovery}. In creation
 * order, a parent before its children, since discovery finds a child through what its parents'
 * files found.
 */
public final class AwsResources {
  private AwsResources() {}

  public static List<AwsResource<?>> all(AwsClients c) {
    return List.of(
        new Vpc(c.ec2()),
        new Subnet(c.ec2()),
        new InternetGateway(c.ec2()),
        new ElasticIp(c.ec2()),
        new NatGateway(c.ec2()),
        new RouteTable(c.ec2()),
        new Route(c.ec2()),
        new RouteTableAssociation(c.ec2()),
        new SecurityGroup(c.ec2()),
        new BastionInstance(c.ec2()),
        new SecurityGroupRule(c.ec2()),
        new MskConfiguration(c.kafka()),
        new MskCluster(c.kafka()),
        new DbParameterGroup(c.rds()),
        new DbSubnetGroup(c.rds()),
        new DbInstance(c.rds()),
        new LogGroup(c.logs()),
        new TaskExecutionRole(c.iam()),
        new EcsCluster(c.ecs()),
        new LoadBalancer(c.elb()),
        new TargetGroup(c.elb()),
        new Listener(c.elb()),
        new SecretReadPolicy(c.iam()),
        new TaskDefinition(c.ecs()),
        new EcsService(c.ecs()));
  }

  /** The files {@code activities} creates and deletes with: those of the services it serves. */
  static List<AwsResource<?>> servedBy(
      AwsClients clients, Class<? extends AwsResourceActivities> activities) {
    return all(clients).stream()
        .filter(r -> AwsResourceActivities.of(r.type()) == activities)
        .toList();
  }
}
