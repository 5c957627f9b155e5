package io.cdcorchestrator.aws.ecs;

import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The ECS cluster the Connect service runs in (Fargate: no instances). A deleted cluster stays
 * visible as {@code INACTIVE}, so find looks at {@code ACTIVE} ones only. Delete is refused while
 * services or tasks remain (retryable). State: {@code ACTIVE}, {@code INACTIVE} ….
 */
public final class EcsCluster implements AwsResource<EcsClusterRequest> {
  static final String ACTIVE = "ACTIVE";

  private final EcsClient ecs;

  public EcsCluster(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public String type() {
    return EcsClusterRequest.TYPE;
  }

  @Override
  public List<Found> discover(AwsStack stack, List<Found> earlier) {
    EcsClusterRequest cluster = new EcsClusterRequest(stack);
    return AwsResource.found(cluster, find(cluster));
  }

  @Override
  public Optional<ResourceRecord> find(EcsClusterRequest q) {
    return read(q.name()).filter(c -> ACTIVE.equals(c.state()));
  }

  @Override
  public ResourceRecord create(EcsClusterRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () ->
            record(
                ecs.createCluster(
                        r ->
                            r.clusterName(q.name())
                                .tags(
                                    q.stack()
                                        .tags((k, v) -> Tag.builder().key(k).value(v).build())))
                    .cluster()));
  }

  @Override
  public void delete(ResourceRecord cluster) {
    AwsResource.deleteIgnoringNotFound(() -> ecs.deleteCluster(r -> r.cluster(cluster.id())));
  }

  @Override
  public Optional<ResourceRecord> describe(ResourceRecord cluster) {
    return AwsResource.emptyIfNotFound(() -> read(cluster.id()));
  }

  /** Unknown clusters come back as a {@code MISSING} failure, not an error. */
  private Optional<ResourceRecord> read(String nameOrArn) {
    return ecs.describeClusters(r -> r.clusters(nameOrArn)).clusters().stream()
        .findFirst()
        .map(EcsCluster::record);
  }

  private static ResourceRecord record(software.amazon.awssdk.services.ecs.model.Cluster c) {
    return new ResourceRecord(
        EcsClusterRequest.TYPE,
        c.clusterArn(),
        c.status(),
        AwsResource.attributes("name", c.clusterName()));
  }
}
