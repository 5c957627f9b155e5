package io.cdcorchestrator.aws.elb;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.elb.ListenerRequest;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * The ALB's HTTP listener forwarding to the target group; the ECS service is created after it (a
 * target group not yet behind a load balancer is refused). Found by its port on the load balancer.
 * No state in AWS.
 */
public final class Listener implements AwsResource<ListenerRequest> {

  private final ElasticLoadBalancingV2Client elb;

  public Listener(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  @Override
  public String type() {
    return ListenerRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    List<Found> found = new ArrayList<>();
    for (ResourceRecord balancer : AwsResource.ofType(earlier, LoadBalancerRequest.TYPE)) {
      for (ResourceRecord l : findOn(balancer.id())) {
        ListenerRequest listener =
            new ListenerRequest(stack, balancer.id(), null, Integer.parseInt(l.attr("port")));
        found.add(new Found(listener.intendedId(), l));
      }
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(ListenerRequest q) {
    return elb.describeListeners(r -> r.loadBalancerArn(q.loadBalancerArn())).listeners().stream()
        .filter(l -> l.port() == q.port())
        .findFirst()
        .map(Listener::record);
  }

  @Override
  public ResourceRecord create(ListenerRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                elb.createListener(
                        r ->
                            r.loadBalancerArn(q.loadBalancerArn())
                                .protocol(ProtocolEnum.HTTP)
                                .port(q.port())
                                .defaultActions(
                                    Action.builder()
                                        .type(ActionTypeEnum.FORWARD)
                                        .targetGroupArn(q.targetGroupArn())
                                        .build())
                                .tags(
                                    q.stack()
                                        .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                    .listeners()
                    .get(0)));
  }

  /** Every listener of a load balancer (sweep, and a create never confirmed). */
  private List<ResourceRecord> findOn(String loadBalancerArn) {
    return AwsResource.emptyIfNotFound(
            () ->
                Optional.of(
                    elb
                        .describeListeners(r -> r.loadBalancerArn(loadBalancerArn))
                        .listeners()
                        .stream()
                        .map(Listener::record)
                        .toList()))
        .orElse(java.util.List.of());
  }

  @Override
  public void delete(ResourceRecord listener) {
    AwsResource.deleteIgnoringNotFound(() -> elb.deleteListener(r -> r.listenerArn(listener.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord listener) {
    return AwsResource.emptyIfNotFound(
        () ->
            elb.describeListeners(r -> r.listenerArns(listener.id())).listeners().stream()
                .findFirst()
                .map(Listener::record));
  }

  private static ResourceRecord record(
      software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener l) {
    return new ResourceRecord(
        ListenerRequest.TYPE,
        l.listenerArn(),
        AVAILABLE,
        AwsResource.attributes(
            "loadBalancerArn", l.loadBalancerArn(), "port", String.valueOf(l.port())));
  }
}
