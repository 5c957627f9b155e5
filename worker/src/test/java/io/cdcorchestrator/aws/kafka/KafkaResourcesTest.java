package io.cdcorchestrator.aws.kafka;

import static io.cdcorchestrator.aws.ResourceContract.createTwiceMakesOne;
import static io.cdcorchestrator.aws.ResourceContract.deleteTwiceIsFine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.NetworkFixture;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.common.aws.AwsResource;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.aws.AwsNames;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.aws.kafka.MskConfigurationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kafka.KafkaClient;

/** MSK on moto, with {@link MotoMskGaps} standing in where moto has nothing (see there). */
@ExtendWith(Moto.class)
class KafkaResourcesTest {
  private final AwsClients clients;
  private final KafkaClient kafka;
  private final MotoMskGaps gaps;
  private final AwsStack stack = Moto.newStack("msk");

  KafkaResourcesTest(AwsClients clients, MotoMskGaps gaps) {
    this.clients = clients;
    this.kafka = clients.kafka();
    this.gaps = gaps;
  }

  private int clusters() {
    return (int)
        kafka
            .listClustersV2(r -> r.clusterNameFilter(stack.name(AwsNames.MSK_CLUSTER)))
            .clusterInfoList()
            .stream()
            .filter(c -> c.tags().get(AwsStack.PIPELINE_TAG).equals(stack.pipeline()))
            .count();
  }

  private int configurations() {
    return (int)
        kafka.listConfigurations(r -> {}).configurations().stream()
            .filter(c -> c.name().equals(stack.name(AwsNames.MSK_CONFIGURATION)))
            .count();
  }

  @Test
  void configuration_and_cluster_are_created_once_become_active_with_brokers_and_are_deleted() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    MskConfiguration configurations = new MskConfiguration(kafka);
    var configurationRequest =
        new MskConfigurationRequest(stack, "3.9.x", MskConfigurationRequest.serverProperties(2));
    ResourceRecord configuration =
        createTwiceMakesOne(configurations, configurationRequest, this::configurations);
    assertEquals("ACTIVE", configurations.state(configuration));
    assertEquals("1", configuration.attr("revision"));

    MskCluster clusters = new MskCluster(kafka);
    var request =
        new MskClusterRequest(
            stack,
            "3.9.x",
            "kafka.t3.small",
            2,
            10,
            true,
            network.privateSubnets(),
            network.internalGroup(),
            configuration.id(),
            1);
    ResourceRecord cluster = createTwiceMakesOne(clusters, request, this::clusters);
    assertEquals("CREATING", clusters.state(cluster));
    assertFalse(cluster.attributes().containsKey("bootstrap"), "no brokers to read before ACTIVE");

    gaps.activate(cluster.id());
    assertEquals("ACTIVE", clusters.state(cluster));
    ResourceRecord active = clusters.find(request).orElseThrow();
    assertEquals(
        MotoMskGaps.FAKE_BOOTSTRAP_TLS,
        active.attr("bootstrap"),
        "TLS listener → the 9094 brokers");
    assertEquals(String.valueOf(MskClusterRequest.TLS_PORT), active.attr("port"));

    deleteTwiceIsFine(clusters, cluster, this::clusters);
    deleteTwiceIsFine(configurations, configuration, this::configurations);
  }

  @Test
  void plaintext_cluster_reads_the_plaintext_brokers() {
    NetworkFixture network = NetworkFixture.create(clients.ec2(), stack);
    var request =
        new MskClusterRequest(
            stack,
            "3.9.x",
            "kafka.t3.small",
            2,
            10,
            false,
            network.privateSubnets(),
            network.internalGroup(),
            "arn:aws:kafka:us-east-1:123456789012:configuration/x/1",
            1);
    MskCluster clusters = new MskCluster(kafka);
    ResourceRecord cluster = clusters.create(request);
    gaps.activate(cluster.id());
    assertEquals(
        MotoMskGaps.FAKE_BOOTSTRAP, clusters.find(request).orElseThrow().attr("bootstrap"));
    clusters.delete(cluster);
    assertEquals(AwsResource.GONE, clusters.state(cluster));
  }
}
