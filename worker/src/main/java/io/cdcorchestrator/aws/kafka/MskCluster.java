package io.cdcorchestrator.aws.kafka;

import io.cdcorchestrator.common.aws.AwsErrors;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.common.aws.Wait;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.BrokerNodeGroupInfo;
import software.amazon.awssdk.services.kafka.model.ClientBroker;
import software.amazon.awssdk.services.kafka.model.Cluster;
import software.amazon.awssdk.services.kafka.model.ClusterState;
import software.amazon.awssdk.services.kafka.model.EncryptionInTransit;

/**
 * The MSK provisioned cluster: one broker per private subnet, in the internal security group, with
 * TLS or plaintext between clients and brokers as the spec says. MSK has no client token, so find
 * looks the name up first ({@code clusterNameFilter} is a prefix filter: match exactly). Once the
 * cluster is {@code ACTIVE} its record carries {@code bootstrap}, the broker list clients use.
 * State: {@code CREATING} → {@code ACTIVE} (or {@code FAILED}); {@code DELETING} then gone.
 */
public final class MskCluster implements AwsResource<MskClusterRequest> {
  /** ACTIVE; FAILED or DELETING end the wait. "A typical cluster takes up to 15 minutes." */
  public static final Wait READY =
      Wait.until(ClusterState.ACTIVE)
          .failingOn(ClusterState.FAILED, ClusterState.DELETING)
          .notBefore(Duration.ofMinutes(15));

  /** A cluster stays DELETING for minutes; FAILED ends the wait. */
  static final Wait DELETED =
      Wait.GONE.failingOn(ClusterState.FAILED).notBefore(Duration.ofMinutes(5));

  private final KafkaClient kafka;

  public MskCluster(KafkaClient kafka) {
    this.kafka = kafka;
  }

  @Override
  public String type() {
    return MskClusterRequest.TYPE;
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
    MskClusterRequest cluster =
        new MskClusterRequest(stack, null, null, 0, 0, false, null, null, null, 0);
    return AwsResource.found(cluster, find(cluster));
  }

  @Override
  public Optional<ResourceRecord> find(MskClusterRequest q) {
    return kafka
        .listClustersV2Paginator(r -> r.clusterNameFilter(q.name()))
        .clusterInfoList()
        .stream()
        .filter(c -> q.name().equals(c.clusterName()) && c.state() != ClusterState.DELETING)
        .findFirst()
        .map(c -> record(c.clusterArn(), c.stateAsString(), q.tls()));
  }

  @Override
  public ResourceRecord create(MskClusterRequest q) {
    return AwsResource.findOrCreate(
        () -> find(q),
        () -> {
          var created =
              kafka.createClusterV2(
                  r ->
                      r.clusterName(q.name())
                          .tags(q.stack().tags())
                          .provisioned(
                              p ->
                                  p.kafkaVersion(q.kafkaVersion())
                                      .numberOfBrokerNodes(q.brokers())
                                      .brokerNodeGroupInfo(
                                          BrokerNodeGroupInfo.builder()
                                              .instanceType(q.brokerType())
                                              .clientSubnets(q.clientSubnetIds())
                                              .securityGroups(q.securityGroupId())
                                              .storageInfo(
                                                  s ->
                                                      s.ebsStorageInfo(
                                                          e -> e.volumeSize(q.storageGiB())))
                                              .build())
                                      .configurationInfo(
                                          c ->
                                              c.arn(q.configurationArn())
                                                  .revision(q.configurationRevision()))
                                      .encryptionInfo(
                                          e ->
                                              e.encryptionInTransit(
                                                  EncryptionInTransit.builder()
                                                      .clientBroker(
                                                          q.tls()
                                                              ? ClientBroker.TLS
                                                              : ClientBroker.PLAINTEXT)
                                                      .inCluster(true)
                                                      .build()))));
          return record(created.clusterArn(), created.stateAsString(), q.tls());
        });
  }

  @Override
  public void delete(ResourceRecord cluster) {
    // a second DeleteCluster while DELETING is refused; that cluster is on its way out already
    if (ClusterState.DELETING.toString().equals(state(cluster))) {
      return;
    }
    try {
      AwsResource.deleteIgnoringNotFound(
          () -> kafka.deleteCluster(r -> r.clusterArn(cluster.id())));
    } catch (BadRequestException e) {
      // the state read above was stale: DELETING now is what was asked for; other transitional
      // states are retried (AwsErrors)
      if (!AwsErrors.describe(e)
          .toLowerCase(Locale.ROOT)
          .contains(AwsErrors.MSK_ALREADY_DELETING)) {
        throw e;
      }
    }
  }

  /** Once ACTIVE, with {@code bootstrap}. */
  @Override
  public Optional<ResourceRecord> describe(ResourceRecord cluster) {
    return AwsResource.emptyIfNotFound(
        () -> {
          Cluster c = kafka.describeClusterV2(r -> r.clusterArn(cluster.id())).clusterInfo();
          return Optional.of(
              record(c.clusterArn(), c.stateAsString(), Boolean.parseBoolean(cluster.attr("tls"))));
        });
  }

  /** One describe: readiness polls this, so it must not also fetch the brokers on every poll. */
  @Override
  public String state(ResourceRecord cluster) {
    return AwsResource.stateOrGone(
        () ->
            Optional.of(
                kafka
                    .describeClusterV2(r -> r.clusterArn(cluster.id()))
                    .clusterInfo()
                    .stateAsString()));
  }

  /** Bootstrap brokers exist only once ACTIVE (GetBootstrapBrokers fails before). */
  private ResourceRecord record(String arn, String state, boolean tls) {
    String bootstrap = null;
    if (ClusterState.ACTIVE.toString().equals(state)) {
      var brokers = kafka.getBootstrapBrokers(r -> r.clusterArn(arn));
      bootstrap = tls ? brokers.bootstrapBrokerStringTls() : brokers.bootstrapBrokerString();
    }
    return new ResourceRecord(
        MskClusterRequest.TYPE,
        arn,
        state,
        AwsResource.attributes(
            "tls",
            String.valueOf(tls),
            "port",
            String.valueOf(MskClusterRequest.port(tls)),
            "bootstrap",
            bootstrap));
  }
}
