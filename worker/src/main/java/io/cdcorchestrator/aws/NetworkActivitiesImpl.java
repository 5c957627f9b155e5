package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.AwsActivitySupport.Observed;
import io.cdcorchestrator.aws.ec2.ElasticIp;
import io.cdcorchestrator.aws.ec2.InternetGateway;
import io.cdcorchestrator.aws.ec2.NatGateway;
import io.cdcorchestrator.aws.ec2.Route;
import io.cdcorchestrator.aws.ec2.RouteTable;
import io.cdcorchestrator.aws.ec2.RouteTableAssociation;
import io.cdcorchestrator.aws.ec2.SecurityGroup;
import io.cdcorchestrator.aws.ec2.SecurityGroupRule;
import io.cdcorchestrator.aws.ec2.ServiceInterfaces;
import io.cdcorchestrator.aws.ec2.Subnet;
import io.cdcorchestrator.aws.ec2.Vpc;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;
import io.cdcorchestrator.common.NotReady;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class NetworkActivitiesImpl implements NetworkActivities {
  /** aws-facts §3: a NAT gateway takes one to three minutes. */
  static final Duration NAT_MINIMUM = Duration.ofMinutes(1);

  private final AwsClients clients;

  /** @param clients builds each client on first use: a worker without AWS credentials starts */
  public NetworkActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ResourceRecord createVpc(Vpc.Request request) {
    return AwsActivitySupport.create(() -> new Vpc(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createSubnet(Subnet.Request request) {
    return AwsActivitySupport.create(() -> new Subnet(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createInternetGateway(InternetGateway.Request request) {
    return AwsActivitySupport.create(() -> new InternetGateway(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createElasticIp(ElasticIp.Request request) {
    return AwsActivitySupport.create(() -> new ElasticIp(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createNatGateway(NatGateway.Request request) {
    return AwsActivitySupport.create(() -> new NatGateway(clients.ec2()).create(request));
  }

  @Override
  public Readiness awaitNatGateway(ResourceRecord gateway) {
    return AwsActivitySupport.await("NAT gateway " + gateway.id(),
        () -> new NatGateway(clients.ec2()).describe(gateway)
            .map(g -> new Observed(g.state(), g.attributes().get("failureMessage")))
            .orElse(Observed.of(AwsResource.GONE)),
        Set.of("available"), Set.of("failed", "deleting", "deleted"), NAT_MINIMUM);
  }

  @Override
  public Readiness awaitNetworkInterfacesDrained(String vpcId) {
    List<String> left = AwsErrors.translate(() -> new ServiceInterfaces(clients.ec2()).remaining(vpcId));
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (left.isEmpty()) {
      return new Readiness(attempt, "no service network interfaces left in " + vpcId);
    }
    throw NotReady.retryAfter(AwsActivitySupport.nextPoll(attempt, Duration.ofSeconds(30)),
        left.size() + " service network interfaces left in " + vpcId + ": " + left);
  }

  @Override
  public ResourceRecord createRouteTable(RouteTable.Request request) {
    return AwsActivitySupport.create(() -> new RouteTable(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createRoute(Route.Request request) {
    return AwsActivitySupport.create(() -> new Route(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createRouteTableAssociation(RouteTableAssociation.Request request) {
    return AwsActivitySupport.create(() -> new RouteTableAssociation(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createSecurityGroup(SecurityGroup.Request request) {
    return AwsActivitySupport.create(() -> new SecurityGroup(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createSecurityGroupRule(SecurityGroupRule.Request request) {
    return AwsActivitySupport.create(() -> new SecurityGroupRule(clients.ec2()).create(request));
  }

  @Override
  public void delete(ResourceRecord resource) {
    AwsActivitySupport.delete(resource, clients, r -> resource(r.type()).delete(r));
  }

  @Override
  public Readiness awaitDeleted(ResourceRecord resource) {
    return AwsActivitySupport.awaitDeleted(resource.type() + " " + resource.id(), resource, clients,
        r -> resource(r.type()).state(r), Set.of("deleted"), Set.of(), Duration.ofSeconds(30));
  }

  private AwsResource<?> resource(String type) {
    var c = clients.ec2();
    Map<String, AwsResource<?>> byType = Map.of(
        Vpc.TYPE, new Vpc(c), Subnet.TYPE, new Subnet(c), InternetGateway.TYPE, new InternetGateway(c),
        ElasticIp.TYPE, new ElasticIp(c), NatGateway.TYPE, new NatGateway(c), RouteTable.TYPE, new RouteTable(c),
        Route.TYPE, new Route(c), RouteTableAssociation.TYPE, new RouteTableAssociation(c),
        SecurityGroup.TYPE, new SecurityGroup(c), SecurityGroupRule.TYPE, new SecurityGroupRule(c));
    AwsResource<?> r = byType.get(type);
    if (r == null) {
      throw AwsActivitySupport.notOurs("network", type);
    }
    return r;
  }
}
