package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.AwsActivitySupport.Observed;
import io.cdcorchestrator.aws.ec2.AdoptedNetwork;
import io.cdcorchestrator.aws.ec2.BastionInstance;
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
import io.cdcorchestrator.common.NotReady;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
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
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

public final class NetworkActivitiesImpl implements NetworkActivities {
  private final AwsClients clients;

  /**
   * @param clients builds each client on first use: a worker without AWS credentials starts
   */
  public NetworkActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ResourceRecord createVpc(VpcRequest request) {
    // the VPC is the first thing created: a worker whose region differs from the spec's stops the
    // run here
    String workerRegion = clients.region().id();
    if (request.region() != null && !request.region().equals(workerRegion)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "region: the spec asks for "
              + request.region()
              + " but this cdc-control worker's AWS region is "
              + workerRegion
              + "; start it with AWS_REGION="
              + request.region(),
          "RegionMismatch");
    }
    return AwsActivitySupport.create(() -> new Vpc(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createSubnet(SubnetRequest request) {
    return AwsActivitySupport.create(() -> new Subnet(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createInternetGateway(InternetGatewayRequest request) {
    return AwsActivitySupport.create(() -> new InternetGateway(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createElasticIp(ElasticIpRequest request) {
    return AwsActivitySupport.create(() -> new ElasticIp(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createNatGateway(NatGatewayRequest request) {
    return AwsActivitySupport.create(() -> new NatGateway(clients.ec2()).create(request));
  }

  @Override
  public Readiness awaitNatGateway(ResourceRecord gateway) {
    return AwsActivitySupport.await(
        "NAT gateway " + gateway.id(),
        () ->
            new NatGateway(clients.ec2())
                .describe(gateway)
                .map(g -> new Observed(g.state(), g.attributes().get("failureMessage")))
                .orElse(Observed.of(AwsResource.GONE)),
        NatGateway.READY);
  }

  @Override
  public Readiness awaitNetworkInterfacesDrained(String vpcId) {
    List<String> left =
        AwsErrors.translate(() -> new ServiceInterfaces(clients.ec2()).remaining(vpcId));
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (left.isEmpty()) {
      return new Readiness(attempt, "no service network interfaces left in " + vpcId);
    }
    throw AwsActivitySupport.pollAgain(
        AwsActivitySupport.nextPoll(attempt, Wait.GONE.notBefore(ServiceInterfaces.DRAIN_MINIMUM)),
        left.size() + " service network interfaces left in " + vpcId + ": " + left);
  }

  @Override
  public ResourceRecord createRouteTable(RouteTableRequest request) {
    return AwsActivitySupport.create(() -> new RouteTable(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createRoute(RouteRequest request) {
    return AwsActivitySupport.create(() -> new Route(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createRouteTableAssociation(RouteTableAssociationRequest request) {
    return AwsActivitySupport.create(
        () -> new RouteTableAssociation(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createSecurityGroup(SecurityGroupRequest request) {
    return AwsActivitySupport.create(() -> new SecurityGroup(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord createSecurityGroupRule(SecurityGroupRuleRequest request) {
    return AwsActivitySupport.create(() -> new SecurityGroupRule(clients.ec2()).create(request));
  }

  @Override
  public List<ResourceRecord> adoptNetwork(Existing.Network network) {
    return AwsErrors.translate(() -> new AdoptedNetwork(clients.ec2()).adopt(network));
  }

  @Override
  public ResourceRecord createBastion(BastionInstanceRequest request) {
    return AwsActivitySupport.create(() -> new BastionInstance(clients.ec2()).create(request));
  }

  @Override
  public ResourceRecord awaitBastion(ResourceRecord instance) {
    BastionInstance bastion = new BastionInstance(clients.ec2());
    ResourceRecord now =
        AwsErrors.translate(() -> bastion.describe(instance))
            .orElseThrow(() -> NotReady.terminal("bastion " + instance.id() + " is gone"));
    String state = now.state();
    boolean checksOk =
        "running".equals(state) && AwsErrors.translate(() -> bastion.statusChecksOk(instance));
    Readiness ready =
        AwsActivitySupport.await(
            "bastion " + instance.id(),
            () -> Observed.of("running".equals(state) && !checksOk ? "initializing" : state),
            BastionInstance.READY);
    if (now.attr("publicIp") == null) {
      throw NotReady.terminal(
          "bastion " + instance.id() + " is " + ready.detail() + " but has no public address");
    }
    return now;
  }

  @Override
  public void delete(ResourceRecord resource) {
    AwsActivitySupport.delete(resource, clients, r -> resource(r.type()).delete(r));
    // a record never confirmed carries the instance's name, not its ID: its security group's delete
    // retries instead
    if (BastionInstanceRequest.TYPE.equals(resource.type())
        && !ResourceRecord.CREATING.equals(resource.state())) {
      String state = AwsErrors.translate(() -> new BastionInstance(clients.ec2()).state(resource));
      if (!"terminated".equals(state) && !AwsResource.GONE.equals(state)) {
        // retried by the delete's policy: the instance's network interface still holds its security
        // group
        throw NotReady.retryAfter(
            BastionInstance.TERMINATION_RETRY,
            "bastion " + resource.id() + " is " + state + ", not terminated yet");
      }
    }
  }

  @Override
  public Readiness awaitDeleted(ResourceRecord resource) {
    return AwsActivitySupport.awaitDeleted(resource, clients, this::resource);
  }

  /** The resource files these activities create and delete: those of their services. */
  static List<AwsResource<?>> resources(AwsClients clients) {
    return AwsResources.servedBy(clients, NetworkActivities.class);
  }

  private AwsResource<?> resource(String type) {
    return AwsActivitySupport.resource(resources(clients), type, "network");
  }
}
