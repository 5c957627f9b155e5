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
import java.time.Duration;
import java.util.Set;

public final class LoadBalancerActivitiesImpl implements LoadBalancerActivities {
  /** aws-facts §3: an ALB takes two to four minutes. */
  static final Duration LOAD_BALANCER_MINIMUM = Duration.ofMinutes(2);

  /** Two health checks 15 s apart must pass once the service is stable. */
  static final Duration TARGET_MINIMUM = Duration.ofSeconds(30);

  static final Duration DELETION_MINIMUM = Duration.ofSeconds(30);

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
        Set.of("active"),
        Set.of("failed"),
        LOAD_BALANCER_MINIMUM);
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
        Set.of(TargetGroup.HEALTHY),
        Set.of(),
        TARGET_MINIMUM);
  }

  @Override
  public void delete(ResourceRecord resource) {
    AwsActivitySupport.delete(resource, clients, r -> resource(r.type()).delete(r));
  }

  @Override
  public Readiness awaitDeleted(ResourceRecord resource) {
    return AwsActivitySupport.awaitDeleted(
        resource.type() + " " + resource.id(),
        resource,
        clients,
        r -> resource(r.type()).state(r),
        Set.of(),
        Set.of(),
        DELETION_MINIMUM);
  }

  private AwsResource<?> resource(String type) {
    return switch (type) {
      case LoadBalancerRequest.TYPE -> new LoadBalancer(clients.elb());
      case TargetGroupRequest.TYPE -> new TargetGroup(clients.elb());
      case ListenerRequest.TYPE -> new Listener(clients.elb());
      default -> throw AwsActivitySupport.notOurs("load balancer", type);
    };
  }
}
