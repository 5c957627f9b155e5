package io.cdcorchestrator.preflight.aws;

import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.aws.kafka.MskClusterRequest;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.kafka.model.Cluster;
import software.amazon.awssdk.services.kafka.model.ClusterState;
import software.amazon.awssdk.services.kafka.model.GetBootstrapBrokersResponse;
import software.amazon.awssdk.services.kafka.model.NotFoundException;

/**
 * An adopted MSK cluster ({@code kafka.existing.clusterArn}) before anything is created: it exists
 * and is ACTIVE, and its security groups admit the broker port Kafka Connect will use (TLS when the
 * cluster offers it to clients, else plaintext: as the adoption chooses) from each private subnet
 * where Kafka Connect runs — the adopted network's subnets, or the private CIDRs the spec gives a
 * network the pipeline creates. Rules are read, not assumed: the pipeline adds no rule to a group
 * it did not create, so each missing one is a blocker with the command that adds it.
 */
final class AdoptedKafkaCheck implements AwsCheck {
  static final String ID = "aws.kafka.existing";
  static final String INGRESS = "aws.kafka.ingress";

  @Override
  public List<Finding> run(AwsFacts facts) {
    Existing.Kafka kafka = facts.existing == null ? null : facts.existing.kafka();
    if (kafka == null || kafka.clusterArn() == null) {
      return List.of();
    }
    String arn = kafka.clusterArn();
    Optional<Cluster> found =
        Ask.aws(
            () -> {
              try {
                return Optional.ofNullable(
                    facts.clients.kafka().describeClusterV2(r -> r.clusterArn(arn)).clusterInfo());
              } catch (NotFoundException e) {
                return Optional.empty();
              }
            });
    if (found.isEmpty()) {
      return List.of(
          Finding.blocker(
              ID,
              "MSK cluster " + arn + " does not exist in " + facts.spec.region(),
              "check kafka.existing.clusterArn and the spec's region"));
    }
    Cluster cluster = found.get();
    if (!ClusterState.ACTIVE.toString().equals(cluster.stateAsString())) {
      return List.of(
          Finding.blocker(
              ID,
              "MSK cluster "
                  + cluster.clusterName()
                  + " is "
                  + cluster.stateAsString()
                  + ", not ACTIVE",
              "wait until it is ACTIVE: aws kafka describe-cluster-v2 --cluster-arn "
                  + arn
                  + " --query ClusterInfo.State"));
    }
    List<Finding> findings = new ArrayList<>();
    findings.add(Finding.ok(ID, "MSK cluster " + cluster.clusterName() + " is ACTIVE"));
    findings.addAll(ingress(facts, cluster));
    return findings;
  }

  private static List<Finding> ingress(AwsFacts facts, Cluster cluster) {
    List<String> groupIds = securityGroups(cluster);
    Map<String, String> sources = sources(facts);
    if (groupIds.isEmpty() || sources.isEmpty()) {
      return List.of();
    }
    GetBootstrapBrokersResponse brokers =
        Ask.aws(
            () ->
                facts.clients.kafka().getBootstrapBrokers(r -> r.clusterArn(cluster.clusterArn())));
    int port = MskClusterRequest.port(brokers.bootstrapBrokerStringTls() != null);
    List<SecurityGroup> groups =
        Ask.aws(() -> facts.clients.ec2().describeSecurityGroups(r -> r.groupIds(groupIds)))
            .securityGroups();
    List<Finding> findings = new ArrayList<>();
    sources.forEach(
        (cidr, where) ->
            findings.add(
                AdoptedDatabaseCheck.admitted(groups, port, cidr)
                    ? Finding.ok(
                        INGRESS, "broker port " + port + " is open to " + cidr + " (" + where + ")")
                    : Finding.blocker(
                        INGRESS,
                        "no security group rule of MSK cluster "
                            + cluster.clusterName()
                            + " ("
                            + String.join(", ", groupIds)
                            + ") admits broker port "
                            + port
                            + " from "
                            + where
                            + " "
                            + cidr
                            + ", where Kafka Connect runs",
                        AdoptedDatabaseCheck.command(groupIds.get(0), port, cidr))));
    return findings;
  }

  /** The brokers' groups: a provisioned cluster's broker nodes, or a serverless one's VPCs. */
  private static List<String> securityGroups(Cluster cluster) {
    if (cluster.provisioned() != null && cluster.provisioned().brokerNodeGroupInfo() != null) {
      return cluster.provisioned().brokerNodeGroupInfo().securityGroups();
    }
    if (cluster.serverless() != null) {
      return cluster.serverless().vpcConfigs().stream()
          .flatMap(v -> v.securityGroupIds().stream())
          .distinct()
          .toList();
    }
    return List.of();
  }

  /** Where Kafka Connect's tasks run: CIDR, and what it is (subnet id, or the spec's field). */
  private static Map<String, String> sources(AwsFacts facts) {
    Map<String, String> sources = new LinkedHashMap<>();
    Existing.Network net = facts.existing.network();
    if (net != null) {
      if (!net.privateSubnetIds().isEmpty()) {
        Ask.aws(() -> facts.clients.ec2().describeSubnets(r -> r.subnetIds(net.privateSubnetIds())))
            .subnets()
            .forEach(s -> sources.put(s.cidrBlock(), "private subnet " + s.subnetId()));
      }
      return sources;
    }
    AwsSpec.Network spec = facts.spec.network();
    if (spec != null && spec.privateSubnets() != null) {
      for (int i = 0; i < spec.privateSubnets().size(); i++) {
        sources.put(spec.privateSubnets().get(i), "network.privateSubnets[" + i + "]");
      }
    }
    return sources;
  }
}
