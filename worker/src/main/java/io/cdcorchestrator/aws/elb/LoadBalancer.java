package io.cdcorchestrator.aws.elb;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.elb.LoadBalancerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * The application load balancer in front of Kafka Connect's REST API. The pipeline makes it {@code
 * internal} (private subnets; its security group admits the bastion, or the direct worker's range).
 * Find looks the name up before creating. State: {@code provisioning} → {@code active} (or {@code
 * failed}).
 */
public final class LoadBalancer implements AwsResource<LoadBalancerRequest> {
  /** Active; failed ends the wait. An ALB takes two to four minutes. */
  public static final Wait READY =
      Wait.until(LoadBalancerStateEnum.ACTIVE)
          .failingOn(LoadBalancerStateEnum.FAILED)
          .notBefore(Duration.ofMinutes(2));

  static final Wait DELETED = Wait.GONE.notBefore(Duration.ofSeconds(30));

  private final ElasticLoadBalancingV2Client elb;

  public LoadBalancer(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  @Override
  public String type() {
    return LoadBalancerRequest.TYPE;
  }

  @Override
  public Wait readiness() {
    return READY;
  }

  @Override
  public Wait deletion() {
    return DELETED;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    LoadBalancerRequest balancer = new LoadBalancerRequest(stack, null, null);
    return AwsResource.found(balancer, find(balancer));
  }

  @Override
  public Optional<ResourceRecord> find(LoadBalancerRequest q) {
    return AwsResource.emptyIfNotFound(
        () ->
            elb.describeLoadBalancers(r -> r.names(q.name())).loadBalancers().stream()
                .findFirst()
                .map(LoadBalancer::record));
  }

  @Override
  public ResourceRecord create(LoadBalancerRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                elb.createLoadBalancer(
                        r ->
                            r.name(q.name())
                                .type(LoadBalancerTypeEnum.APPLICATION)
                                .scheme(
                                    q.internal()
                                        ? LoadBalancerSchemeEnum.INTERNAL
                                        : LoadBalancerSchemeEnum.INTERNET_FACING)
                                .subnets(q.subnetIds())
                                .securityGroups(q.securityGroupId())
                                .tags(
                                    q.stack()
                                        .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                    .loadBalancers()
                    .get(0)));
  }

  /** Its listeners go with it; AWS answers success for one already gone. */
  @Override
  public void delete(ResourceRecord loadBalancer) {
    AwsResource.deleteIgnoringNotFound(
        () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(loadBalancer.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord loadBalancer) {
    return AwsResource.emptyIfNotFound(
        () ->
            elb
                .describeLoadBalancers(r -> r.loadBalancerArns(loadBalancer.id()))
                .loadBalancers()
                .stream()
                .findFirst()
                .map(LoadBalancer::record));
  }

  private static ResourceRecord record(
      software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer lb) {
    return new ResourceRecord(
        LoadBalancerRequest.TYPE,
        lb.loadBalancerArn(),
        lb.state().codeAsString(),
        AwsResource.attributes(
            "name",
            lb.loadBalancerName(),
            "dnsName",
            lb.dnsName(),
            "vpcId",
            lb.vpcId(),
            "scheme",
            lb.schemeAsString()));
  }
}
