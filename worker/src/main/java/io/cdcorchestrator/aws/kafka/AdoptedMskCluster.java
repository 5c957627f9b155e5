package io.cdcorchestrator.aws.kafka;

import io.cdcorchestrator.aws.ec2.AdoptedNetwork;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.Cluster;
import software.amazon.awssdk.services.kafka.model.ClusterState;

/**
 * The user's MSK cluster ({@code kafka.existing}): described and checked (ACTIVE), its bootstrap
 * brokers read — TLS when the cluster offers it to clients, else plaintext. Never created or
 * deleted; the record says {@code ownership: adopted}.
 */
public final class AdoptedMskCluster {
  private final KafkaClient kafka;

  public AdoptedMskCluster(KafkaClient kafka) {
    this.kafka = kafka;
  }

  public ResourceRecord adopt(String clusterArn) {
    String field = "kafka.existing.clusterArn: " + clusterArn;
    Cluster c =
        AwsResource.emptyIfNotFound(
                () ->
                    Optional.ofNullable(
                        kafka.describeClusterV2(r -> r.clusterArn(clusterArn)).clusterInfo()))
            .orElseThrow(() -> refused(field + " does not exist"));
    if (!ClusterState.ACTIVE.toString().equals(c.stateAsString())) {
      throw refused(field + " is " + c.stateAsString() + ", not ACTIVE");
    }
    var brokers = kafka.getBootstrapBrokers(r -> r.clusterArn(clusterArn));
    boolean tls = brokers.bootstrapBrokerStringTls() != null;
    String bootstrap = tls ? brokers.bootstrapBrokerStringTls() : brokers.bootstrapBrokerString();
    if (bootstrap == null) {
      throw refused(field + " offers neither TLS nor plaintext brokers to clients in its VPC");
    }
    return new ResourceRecord(
        MskClusterRequest.TYPE,
        c.clusterArn(),
        c.stateAsString(),
        AwsResource.attributes(
            ResourceRecord.OWNERSHIP,
            ResourceRecord.ADOPTED,
            "tls",
            String.valueOf(tls),
            "port",
            String.valueOf(MskClusterRequest.port(tls)),
            "bootstrap",
            bootstrap,
            "brokers",
            String.valueOf(brokers(c))));
  }

  /** Serverless has no broker count: three, the replication factor it enforces. */
  private static int brokers(Cluster c) {
    return c.provisioned() == null || c.provisioned().numberOfBrokerNodes() == null
        ? 3
        : c.provisioned().numberOfBrokerNodes();
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, AdoptedNetwork.REFUSED);
  }
}
