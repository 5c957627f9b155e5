package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.AwsActivitySupport.Observed;
import io.cdcorchestrator.aws.elb.Listener;
import io.cdcorchestrator.aws.elb.LoadBalancer;
import io.cdcorchestrator.aws.elb.TargetGroup;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import java.util.List;

public final class LoadBalancerActivitiesImpl implements LoadBalancerActivities {
  private final AwsClients clients;

  /**
   * @param clients builds each client on first use: a worker without AWS credentials starts
   */
  public LoadBalancerActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ResourceRecord createLoadBalancer(LoadBalancerRequest request) {
    return AwsActivitySupport.create(() -> new LoadBalancer(clients.elb()).create(request));
  }

  @Override
  public Readiness awaitLoadBalancer(ResourceRecord loadBalancer) {
    return AwsActivitySupport.await(
        "load balancer " + loadBalancer.id(),
        () -> Observed.of(new LoadBalancer(clients.elb()).state(loadBalancer)),
        LoadBalancer.READY);
  }

  @Override
  public ResourceRecord createTargetGroup(TargetGroupRequest request) {
    return AwsActivitySupport.create(() -> new TargetGroup(clients.elb()).create(request));
  }

  @Override
  public ResourceRecord createListener(ListenerRequest request) {
    return AwsActivitySupport.create(() -> new Listener(clients.elb()).create(request));
  }

  @Override
  public Readiness awaitTargetHealthy(ResourceRecord targetGroup) {
    return AwsActivitySupport.await(
        "target group " + targetGroup.id(),
        () -> Observed.of(new TargetGroup(clients.elb()).state(targetGroup)),
        TargetGroup.READY);
  }

  @Override
  public void delete(ResourceRecord resource) {
    AwsActivitySupport.delete(resource, clients, r -> resource(r.type()).delete(r));
  }

  @Override
  public Readiness awaitDeleted(ResourceRecord resource) {
    return AwsActivitySupport.awaitDeleted(resource, clients, this::resource);
  }

  /** The resource files these activities create and delete: those of their services. */
  static List<AwsResource<?>> resources(AwsClients clients) {
    return AwsResources.servedBy(clients, LoadBalancerActivities.class);
  }

  private AwsResource<?> resource(String type) {
    return AwsActivitySupport.resource(resources(clients), type, "load balancer");
  }
}
