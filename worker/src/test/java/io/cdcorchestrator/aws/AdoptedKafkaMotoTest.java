package io.cdcorchestrator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.model.Existing;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.model.preflight.Finding;
import io.cdcorchestrator.model.preflight.PreflightReport;
import io.cdcorchestrator.preflight.Preflight;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.kafka.model.BrokerNodeGroupInfo;

/**
 * On moto: a VPC, subnets, a security group and an MSK cluster the test makes itself with the AWS
 * SDK (not the pipeline), then adopted ({@code kafka.existing.clusterArn}). The preflight refuses a
 * cluster that is not ACTIVE and names each private subnet the brokers' groups do not admit on the
 * broker port, with the exact command; once the rule is there it is clear. moto 5.2 keeps the
 * security groups a cluster is created with (DescribeClusterV2), but never makes a cluster ACTIVE
 * and has no GetBootstrapBrokers: {@link MotoMskGaps} answers those (TLS offered: port 9094).
 */
@ExtendWith(Moto.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the cluster is ACTIVE from the third on
class AdoptedKafkaMotoTest {
  private static final String CIDR = "10.79.0.0/16";

  /** The rule the preflight asks for, written once as one range over both private subnets. */
  private static final IpPermission TLS_FROM_PRIVATE_SUBNETS =
      UsersAws.tcpFrom(9094, "10.79.0.0/20");

  private final AwsClients clients;
  private final MotoMskGaps msk;
  private String vpcId;
  private String groupId;
  private String clusterArn;
  private final List<String> privateIds = new ArrayList<>();
  private String publicId;

  AdoptedKafkaMotoTest(AwsClients clients, MotoMskGaps msk) {
    this.clients = clients;
    this.msk = msk;
  }

  @BeforeAll
  void makeTheUsersOwnCluster() {
    Ec2Client ec2 = clients.ec2();
    vpcId = ec2.createVpc(r -> r.cidrBlock(CIDR)).vpc().vpcId();
    privateIds.add(UsersAws.subnet(ec2, vpcId, "10.79.1.0/24", "us-east-1a"));
    privateIds.add(UsersAws.subnet(ec2, vpcId, "10.79.2.0/24", "us-east-1b"));
    publicId = UsersAws.subnet(ec2, vpcId, "10.79.3.0/24", "us-east-1a");
    groupId =
        ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName("h13p-msk").description("msk"))
            .groupId();
    clusterArn =
        clients
            .kafka()
            .createClusterV2(
                r ->
                    r.clusterName("h13p-shop-kafka")
                        .provisioned(
                            p ->
                                p.kafkaVersion("3.9.x")
                                    .numberOfBrokerNodes(2)
                                    .brokerNodeGroupInfo(
                                        BrokerNodeGroupInfo.builder()
                                            .instanceType("kafka.t3.small")
                                            .clientSubnets(privateIds)
                                            .securityGroups(groupId)
                                            .build())))
            .clusterArn();
  }

  @AfterAll
  void deleteWhatTheTestMade() {
    Ec2Client ec2 = clients.ec2();
    UsersAws.quietly(() -> clients.kafka().deleteCluster(r -> r.clusterArn(clusterArn)));
    UsersAws.quietly(() -> ec2.deleteSecurityGroup(r -> r.groupId(groupId)));
    for (String s : List.of(privateIds.get(0), privateIds.get(1), publicId)) {
      UsersAws.quietly(() -> ec2.deleteSubnet(r -> r.subnetId(s)));
    }
    UsersAws.quietly(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)));
  }

  /** Pipeline {@code h13p-shop} on the user's cluster, in the user's network or a new one. */
  private PipelineSpec spec(String arn, boolean adoptedNetwork) {
    return PipelineSpec.aws(
            "h13p-shop",
            new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null, AwsSpec.BASTION)
                .withDefaults())
        .withExisting(
            new Existing(
                null,
                adoptedNetwork ? new Existing.Network(vpcId, privateIds, List.of(publicId)) : null,
                new Existing.Kafka(arn, null)));
  }

  private List<Finding> kafkaFindings(PipelineSpec spec) {
    PreflightReport report = Preflight.check(spec, clients);
    return report.findings().stream().filter(f -> f.check().startsWith("aws.kafka.")).toList();
  }

  @Test
  @Order(1)
  void aClusterNotYetActive_isRefused_withHowToWait() {
    Finding state = only(kafkaFindings(spec(clusterArn, true)), "aws.kafka.existing");
    assertTrue(state.blocks(), state.line());
    assertTrue(state.message().endsWith("is CREATING, not ACTIVE"), state.line());
    assertEquals(
        "wait until it is ACTIVE: aws kafka describe-cluster-v2 --cluster-arn "
            + clusterArn
            + " --query ClusterInfo.State",
        state.remedy());
  }

  @Test
  @Order(2)
  void aClusterThatDoesNotExist_isRefused() {
    String gone =
        "arn:aws:kafka:us-east-1:123456789012:cluster/h13p-gone/"
            + "00000000-0000-0000-0000-000000000000-1";
    Finding state = only(kafkaFindings(spec(gone, true)), "aws.kafka.existing");
    assertTrue(state.blocks(), state.line());
    assertTrue(state.message().contains("does not exist"), state.line());
  }

  @Test
  @Order(3)
  void eachPrivateSubnetTheBrokersDoNotAdmit_isNamed_withItsCommand_untilTheRuleIsThere() {
    msk.activate(clusterArn);
    List<Finding> before = kafkaFindings(spec(clusterArn, true));
    assertFalse(only(before, "aws.kafka.existing").blocks(), before::toString);
    List<Finding> ingress =
        before.stream().filter(f -> f.check().equals("aws.kafka.ingress")).toList();
    assertEquals(2, ingress.size(), "one per private subnet, not the public one: " + ingress);
    for (String cidr : List.of("10.79.1.0/24", "10.79.2.0/24")) {
      assertTrue(
          ingress.stream()
              .anyMatch(
                  f ->
                      f.blocks()
                          && f.remedy()
                              .equals(
                                  "aws ec2 authorize-security-group-ingress --group-id "
                                      + groupId
                                      + " --protocol tcp --port 9094 --cidr "
                                      + cidr)),
          cidr + ": " + ingress);
    }

    clients
        .ec2()
        .authorizeSecurityGroupIngress(
            r -> r.groupId(groupId).ipPermissions(TLS_FROM_PRIVATE_SUBNETS));
    try {
      List<Finding> after = kafkaFindings(spec(clusterArn, true));
      assertTrue(after.stream().noneMatch(Finding::blocks), after::toString);
      assertEquals(
          2,
          after.stream().filter(f -> f.check().equals("aws.kafka.ingress")).count(),
          after::toString);

      // a network the pipeline creates: the spec's private CIDRs, which no rule admits
      List<Finding> created = kafkaFindings(spec(clusterArn, false));
      List<String> refused = created.stream().filter(Finding::blocks).map(Finding::remedy).toList();
      assertEquals(
          List.of(
              "aws ec2 authorize-security-group-ingress --group-id "
                  + groupId
                  + " --protocol tcp --port 9094 --cidr 10.100.2.0/24",
              "aws ec2 authorize-security-group-ingress --group-id "
                  + groupId
                  + " --protocol tcp --port 9094 --cidr 10.100.3.0/24"),
          refused);
    } finally {
      UsersAws.quietly(
          () ->
              clients
                  .ec2()
                  .revokeSecurityGroupIngress(
                      r -> r.groupId(groupId).ipPermissions(TLS_FROM_PRIVATE_SUBNETS)));
    }
  }

  private static Finding only(List<Finding> findings, String check) {
    List<Finding> f = findings.stream().filter(x -> x.check().equals(check)).toList();
    assertEquals(1, f.size(), () -> check + " in " + findings);
    return f.get(0);
  }
}
