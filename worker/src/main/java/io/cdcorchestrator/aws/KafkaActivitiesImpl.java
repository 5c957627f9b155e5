package io.cdcorchestrator.aws;

import io.cdcorchestrator.aws.AwsActivitySupport.Observed;
import io.cdcorchestrator.aws.kafka.AdoptedMskCluster;
import io.cdcorchestrator.aws.kafka.MskCluster;
import io.cdcorchestrator.aws.kafka.MskConfiguration;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

public final class KafkaActivitiesImpl implements KafkaActivities {
  private final AwsClients clients;

  /**
   * @param clients builds each client on first use: a worker without AWS credentials starts
   */
  public KafkaActivitiesImpl(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ResourceRecord createConfiguration(MskConfigurationRequest request) {
    return AwsActivitySupport.create(() -> new MskConfiguration(clients.kafka()).create(request));
  }

  @Override
  public ResourceRecord createCluster(MskClusterRequest request) {
    return AwsActivitySupport.create(() -> new MskCluster(clients.kafka()).create(request));
  }

  @Override
  public ResourceRecord adoptCluster(String clusterArn) {
    return AwsErrors.translate(() -> new AdoptedMskCluster(clients.kafka()).adopt(clusterArn));
  }

  @Override
  public Readiness awaitCluster(ResourceRecord cluster) {
    return AwsActivitySupport.await(
        "MSK cluster " + cluster.id(),
        () -> Observed.of(new MskCluster(clients.kafka()).state(cluster)),
        MskCluster.READY);
  }

  @Override
  public ResourceRecord describeCluster(ResourceRecord cluster) {
    return AwsErrors.translate(() -> new MskCluster(clients.kafka()).describe(cluster))
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "MSK cluster " + cluster.id() + " is gone", "Gone"));
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
    return AwsResources.servedBy(clients, KafkaActivities.class);
  }

  private AwsResource<?> resource(String type) {
    return AwsActivitySupport.resource(resources(clients), type, "Kafka");
  }
}
