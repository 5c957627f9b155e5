package io.cdcorchestrator.aws.elb;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The {@code ip} target group of the Fargate tasks, health-checked on Kafka Connect's REST root
 * ({@code GET /} answers 200 with the version once the worker is up). The deregistration delay is
 * cut to 30 s so a teardown does not wait AWS's default 300 s per task. State is the targets'
 * health, what ECS readiness waits for: {@code healthy} once any target is, else the first target's
 * state ({@code initial}, {@code unhealthy} …), {@link #NO_TARGETS} before ECS registers one.
 */
public final class TargetGroup implements AwsResource<TargetGroupRequest> {
  public static final String HEALTHY = TargetHealthStateEnum.HEALTHY.toString();

  /**
   * A target healthy: two health checks 15 s apart must pass once the service is stable. Polled
   * every 5 s: it is the last AWS wait of every provisioning, and lasts about a minute.
   */
  public static final Wait READY =
      Wait.until(TargetHealthStateEnum.HEALTHY)
          .notBefore(Duration.ofSeconds(30))
          .polledEvery(Duration.ofSeconds(5));

  public static final String NO_TARGETS = "no-targets";
  static final String HEALTH_CHECK_PATH = "/";

  private final ElasticLoadBalancingV2Client elb;

  public TargetGroup(ElasticLoadBalancingV2Client elb) {
    this.elb = elb;
  }

  @Override
  public String type() {
    return TargetGroupRequest.TYPE;
  }

  @Override
  public Wait readiness() {
    return READY;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    TargetGroupRequest group = new TargetGroupRequest(stack, null, 0);
    return AwsResource.found(group, find(group));
  }

  @Override
  public Optional<ResourceRecord> find(TargetGroupRequest q) {
    return AwsResource.emptyIfNotFound(
        () ->
            elb.describeTargetGroups(r -> r.names(q.name())).targetGroups().stream()
                .findFirst()
                .map(TargetGroup::record));
  }

  @Override
  public ResourceRecord create(TargetGroupRequest q) {
    ResourceRecord group =
        AwsResource.findOrCreate(
            () -> find(q),
            () ->
                record(
                    elb.createTargetGroup(
                            r ->
                                r.name(q.name())
                                    .targetType(TargetTypeEnum.IP)
                                    .protocol(ProtocolEnum.HTTP)
                                    .port(q.port())
                                    .vpcId(q.vpcId())
                                    .healthCheckPath(HEALTH_CHECK_PATH)
                                    .healthCheckIntervalSeconds(15)
                                    .healthyThresholdCount(2)
                                    .unhealthyThresholdCount(3)
                                    .matcher(m -> m.httpCode("200"))
                                    .tags(
                                        q.stack()
                                            .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                        .targetGroups()
                        .get(0)));
    elb.modifyTargetGroupAttributes(
        r ->
            r.targetGroupArn(group.id())
                .attributes(
                    TargetGroupAttribute.builder()
                        .key("deregistration_delay.timeout_seconds")
                        .value("30")
                        .build()));
    return group;
  }

  /** Refused with ResourceInUse while a listener still forwards to it: retryable. */
  @Override
  public void delete(ResourceRecord group) {
    AwsResource.deleteIgnoringNotFound(
        () -> elb.deleteTargetGroup(r -> r.targetGroupArn(group.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord group) {
    return AwsResource.emptyIfNotFound(
        () ->
            elb.describeTargetGroups(r -> r.targetGroupArns(group.id())).targetGroups().stream()
                .findFirst()
                .map(g -> record(g).withState(health(g.targetGroupArn()))));
  }

  /** One call per poll: the targets' health only. */
  @Override
  public String state(ResourceRecord group) {
    return AwsResource.stateOrGone(() -> Optional.of(health(group.id())));
  }

  private String health(String arn) {
    List<String> states =
        elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions().stream()
            .map(TargetHealthDescription::targetHealth)
            .map(h -> h.stateAsString())
            .toList();
    if (states.contains(HEALTHY)) {
      return HEALTHY;
    }
    return states.isEmpty() ? NO_TARGETS : states.get(0);
  }

  private static ResourceRecord record(
      software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup g) {
    return new ResourceRecord(
        TargetGroupRequest.TYPE,
        g.targetGroupArn(),
        NO_TARGETS,
        AwsResource.attributes(
            "name", g.targetGroupName(), "port", String.valueOf(g.port()), "vpcId", g.vpcId()));
  }
}
