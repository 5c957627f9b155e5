package io.cdcorchestrator.aws.ecs;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.EcsServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The Fargate service running Connect in the private subnets (no public IP) behind the target
 * group; created after the listener. Its client token is derived from its inputs, so a retried
 * create is the same request to ECS. State: {@code ACTIVE} while deploying, {@link #STABLE} once
 * ECS's servicesStable condition holds (one deployment, running = desired), {@code DRAINING},
 * {@code INACTIVE} after delete.
 */
public final class EcsService implements AwsResource<EcsServiceRequest> {
  public static final String STABLE = "STABLE";
  static final String ACTIVE = "ACTIVE";
  static final String INACTIVE = "INACTIVE";

  /**
   * Not an ECS state: a task of the service's current definition stopped before it was stable, for
   * a permanent reason or too often ({@link TaskStops}).
   */
  public static final String TASK_STOPPED = "TASK_STOPPED";

  /**
   * Stable; INACTIVE or a stopped task end the wait (ECS's service statuses have no SDK enum). The
   * first stabilisation is dominated by pulling Debezium's image: three minutes at least.
   */
  public static final Wait READY =
      Wait.until(STABLE).failingOn(INACTIVE, TASK_STOPPED).notBefore(Duration.ofMinutes(3));

  /** A deleted service drains its tasks before it reads INACTIVE. */
  static final Wait DELETED = Wait.until(INACTIVE).notBefore(Duration.ofSeconds(30));

  private final EcsClient ecs;

  public EcsService(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public String type() {
    return EcsServiceRequest.TYPE;
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
    List<Found> found = new ArrayList<>();
    for (ResourceRecord cluster : AwsResource.ofType(earlier, EcsClusterRequest.TYPE)) {
      EcsServiceRequest service =
          new EcsServiceRequest(stack, cluster.id(), null, 0, null, null, null);
      found.addAll(AwsResource.found(service, find(service)));
    }
    return found;
  }

  @Override
  public Optional<ResourceRecord> find(EcsServiceRequest q) {
    return read(q.clusterArn(), q.name())
        .filter(s -> !s.state().equals("DRAINING") && !s.state().equals(INACTIVE));
  }

  @Override
  public ResourceRecord create(EcsServiceRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ecs.createService(
                        r ->
                            r.cluster(q.clusterArn())
                                .serviceName(q.name())
                                .taskDefinition(q.taskDefinitionArn())
                                .desiredCount(q.desiredCount())
                                .launchType(LaunchType.FARGATE)
                                .networkConfiguration(
                                    n ->
                                        n.awsvpcConfiguration(
                                            a ->
                                                a.subnets(q.privateSubnetIds())
                                                    .securityGroups(q.securityGroupId())
                                                    .assignPublicIp(AssignPublicIp.DISABLED)))
                                .loadBalancers(
                                    lb ->
                                        lb.targetGroupArn(q.targetGroupArn())
                                            .containerName(TaskDefinition.CONTAINER_NAME)
                                            .containerPort(TaskDefinition.CONNECT_PORT))
                                .healthCheckGracePeriodSeconds(
                                    120) // Connect takes a while to open its REST port
                                .clientToken(q.clientToken())
                                .propagateTags(PropagateTags.SERVICE)
                                .enableECSManagedTags(true)
                                .tags(
                                    q.stack()
                                        .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                    .service()));
  }

  /**
   * Scales to zero first, so the load balancer drains the tasks, then deletes ({@code force}: a
   * retry whose scale-down already happened must not be refused); an INACTIVE service reads as not
   * found.
   */
  @Override
  public void delete(ResourceRecord service) {
    AwsResource.deleteIgnoringNotFound(
        () ->
            ecs.updateService(
                r ->
                    r.cluster(service.attr("clusterArn"))
                        .service(service.attr("name"))
                        .desiredCount(0)));
    AwsResource.deleteIgnoringNotFound(
        () ->
            ecs.deleteService(
                r ->
                    r.cluster(service.attr("clusterArn"))
                        .service(service.attr("name"))
                        .force(true)));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord service) {
    return read(service.attr("clusterArn"), service.attr("name"));
  }

  /**
   * Why a task of the service's current task definition stopped, when one did: the newest stop's
   * reason ({@link #stoppedReasons}).
   */
  public Optional<String> stoppedReason(ResourceRecord service) {
    return stoppedReasons(service).stream().findFirst();
  }

  /**
   * Why the tasks of the service's current task definition stopped, newest first (ECS keeps stopped
   * tasks for about an hour). ECS replaces a failed task for ever, so without this a deployment
   * that cannot succeed (an image that cannot be pulled, a container that exits) looks like a slow
   * one until the wait's deadline; {@link TaskStops} says which reasons end the wait.
   */
  public List<String> stoppedReasons(ResourceRecord service) {
    String cluster = service.attr("clusterArn");
    List<String> stopped =
        ecs.listTasks(
                r ->
                    r.cluster(cluster)
                        .serviceName(service.attr("name"))
                        .desiredStatus(DesiredStatus.STOPPED))
            .taskArns();
    if (stopped.isEmpty()) {
      return List.of();
    }
    return ecs
        .describeTasks(
            r -> r.cluster(cluster).tasks(stopped.subList(0, Math.min(100, stopped.size()))))
        .tasks()
        .stream()
        .filter(
            t ->
                t.taskDefinitionArn().equals(service.attributes().get("taskDefinition"))
                    && t.stoppedReason() != null)
        .sorted(
            Comparator.comparing((Task t) -> t.stoppedAt() == null ? Instant.EPOCH : t.stoppedAt())
                .reversed())
        .map(
            t ->
                t.stoppedReason()
                    + t.containers().stream()
                        .filter(c -> c.reason() != null)
                        .map(c -> " (" + c.name() + ": " + c.reason() + ")")
                        .findFirst()
                        .orElse(""))
        .toList();
  }

  /** An unknown service comes back as a {@code MISSING} failure, an unknown cluster as an error. */
  private Optional<ResourceRecord> read(String clusterArn, String name) {
    return AwsResource.emptyIfNotFound(
        () ->
            ecs.describeServices(r -> r.cluster(clusterArn).services(name)).services().stream()
                .findFirst()
                .map(EcsService::record));
  }

  private static ResourceRecord record(Service s) {
    boolean stable =
        ACTIVE.equals(s.status())
            && s.deployments().size() == 1
            && s.desiredCount() > 0
            && s.runningCount().equals(s.desiredCount());
    return new ResourceRecord(
        EcsServiceRequest.TYPE,
        s.serviceArn(),
        stable ? STABLE : s.status(),
        AwsResource.attributes(
            "name",
            s.serviceName(),
            "clusterArn",
            s.clusterArn(),
            "taskDefinition",
            s.taskDefinition(),
            "desiredCount",
            String.valueOf(s.desiredCount()),
            "runningCount",
            String.valueOf(s.runningCount())));
  }
}
