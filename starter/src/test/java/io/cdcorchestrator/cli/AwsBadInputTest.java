package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.TagScan;
import io.cdcorchestrator.common.aws.AwsClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AWS bad-input table through the CLI, with moto running and AWS_ENDPOINT_URL (as {@code
 * aws.endpointUrl}) and credentials pointing at it: each case exits 2 with one line naming the
 * field, before Temporal is tried (TEMPORAL_ADDRESS is a closed port: connecting would exit 1), and
 * moto holds nothing more afterwards.
 */
@Tag("aws")
@ExtendWith(Moto.class)
class AwsBadInputTest {
  private static final String VALID = String.join("\n", "operatorCidr: 203.0.113.10/32", "");

  private final Cli cli = new Cli().address("127.0.0.1:" + FreePort.find());

  @TempDir Path dir;

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "invalid VPC CIDR",
            "bad",
            "network.vpcCidr",
            VALID + "network: {vpcCidr: 10.100.0.0/33}\n"),
        Arguments.of(
            "a CIDR that is no CIDR",
            "bad",
            "network.publicSubnets[1]",
            VALID + "network: {publicSubnets: [10.100.1.0/24, 10.100.4.0]}\n"),
        Arguments.of(
            "subnet outside the VPC",
            "bad",
            "network.publicSubnets[0]",
            VALID + "network: {publicSubnets: [10.200.1.0/24, 10.100.4.0/24]}\n"),
        Arguments.of(
            "overlapping subnets",
            "bad",
            "network.privateSubnets[0]",
            VALID + "network: {privateSubnets: [10.100.1.128/25, 10.100.3.0/24]}\n"),
        Arguments.of(
            "one availability zone",
            "bad",
            "network.availabilityZones",
            VALID
                + "network: {availabilityZones: [us-east-1a], publicSubnets: [10.100.1.0/24], "
                + "privateSubnets: [10.100.2.0/24]}\n"),
        Arguments.of("operatorCidr missing", "bad", "operatorCidr", "region: us-east-1\n"),
        Arguments.of(
            "operatorCidr open to the internet",
            "bad",
            "operatorCidr",
            "operatorCidr: 0.0.0.0/0\n"),
        Arguments.of(
            "ALB and target-group names over 32", "pipeline-name-of-27-letters", "name", VALID),
        Arguments.of(
            "unsupported RDS major",
            "bad",
            "database.engineVersion",
            VALID + "database: {engineVersion: \"12\"}\n"),
        Arguments.of(
            "unsupported MSK version", "bad", "kafka.version", VALID + "kafka: {version: 2.8.1}\n"),
        Arguments.of(
            "unknown top-level key", "bad", "operatorCidrs", "operatorCidrs: 203.0.113.10/32\n"),
        Arguments.of("unknown nested key", "bad", "kafka.brokerz", VALID + "kafka: {brokerz: 2}\n"),
        Arguments.of(
            "common key out of range",
            "bad",
            "spec.watchIntervalSeconds",
            VALID + "watchIntervalSeconds: 0\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void badSpec_exit2_oneLineNamingTheField_nothingOnMoto(
      String what, String name, String field, String spec, AwsClients clients) throws IOException {
    Path file = Files.writeString(dir.resolve("aws.yaml"), spec);
    Map<String, Integer> before = counts(clients);

    Cli.Result r = cli.run("up", name, "--target", "aws", "--spec", file.toString());

    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith(field + ":"), "names " + field + ": " + r);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
    assertEquals(List.of(), TagScan.live(clients, name));
    assertEquals(before, counts(clients), "moto holds nothing new");
  }

  @Test
  void withoutSpec_exit2_sayingItIsRequired(AwsClients clients) {
    Cli.Result r = cli.run("up", "bad", "--target", "aws");
    assertEquals(2, r.code(), r::toString);
    assertTrue(
        r.err().startsWith("spec: --target aws needs --spec FILE (operatorCidr is required"),
        r::toString);
    assertEquals(List.of(), TagScan.live(clients, "bad"));
  }

  @Test
  void aValidSpec_getsAsFarAsTemporal() throws IOException {
    Path file = Files.writeString(dir.resolve("aws.yaml"), VALID);
    Cli.Result r = cli.run("up", "good", "--target", "aws", "--spec", file.toString());
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("cannot reach Temporal"), r::toString);
  }

  /**
   * No credentials anywhere in the SDK's default chain: exit 1 with one clear line, before
   * Temporal. The chain's sources are emptied for the call (system properties, profile files,
   * instance metadata).
   */
  @Test
  void missingCredentials_exit1_clearLine(AwsClients clients) throws IOException {
    Path file = Files.writeString(dir.resolve("aws.yaml"), VALID);
    Map<String, String> saved = new java.util.HashMap<>();
    Map<String, String> override =
        Map.of(
            "aws.accessKeyId",
            "",
            "aws.secretAccessKey",
            "",
            "aws.sharedCredentialsFile",
            dir.resolve("none").toString(),
            "aws.configFile",
            dir.resolve("none").toString(),
            "aws.disableEc2Metadata",
            "true");
    override.keySet().forEach(k -> saved.put(k, System.getProperty(k)));
    try {
      override.forEach(
          (k, v) -> {
            if (v.isEmpty()) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
      Cli.Result r = cli.run("up", "nocreds", "--target", "aws", "--spec", file.toString());
      assertEquals(1, r.code(), r::toString);
      assertTrue(r.err().startsWith("AWS credentials not found"), r::toString);
      assertEquals(1, r.err().strip().lines().count(), r::toString);
      assertFalse(r.err().contains("cannot reach Temporal"), "checked before Temporal: " + r);
    } finally {
      saved.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
    assertEquals(List.of(), TagScan.live(clients, "nocreds"));
  }

  /** How many of each kind moto holds, whoever they belong to. */
  private static Map<String, Integer> counts(AwsClients clients) {
    return Map.of(
        "vpcs", clients.ec2().describeVpcs().vpcs().size(),
        "subnets", clients.ec2().describeSubnets().subnets().size(),
        "securityGroups", clients.ec2().describeSecurityGroups().securityGroups().size(),
        "addresses", clients.ec2().describeAddresses().addresses().size(),
        "dbInstances", clients.rds().describeDBInstances().dbInstances().size(),
        "mskClusters", clients.kafka().listClustersV2(r -> {}).clusterInfoList().size(),
        "loadBalancers", clients.elb().describeLoadBalancers().loadBalancers().size(),
        "roles", clients.iam().listRoles().roles().size());
  }
}
