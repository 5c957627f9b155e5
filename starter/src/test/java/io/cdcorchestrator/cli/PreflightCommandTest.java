package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.MotoPreflightGaps;
import io.cdcorchestrator.aws.TagScan;
import io.cdcorchestrator.common.aws.AwsClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc preflight} on moto, with the doubles for what moto lacks ({@link MotoPreflightGaps}:
 * ListKafkaVersions, RDS versions and orderable classes, the non-VPC quotas, the policy
 * simulation): the identity, zones, quotas and versions reported and exit 0; a broker type one of
 * the spec's zones does not offer (moto's offerings data: {@code m8gb.large} not in {@code
 * use1-az5}, which moto names us-east-1f) names the zone and exits 1; bad input exits 2. Never
 * Temporal (TEMPORAL_ADDRESS is a closed port), never a resource.
 */
@Tag("aws")
@ExtendWith(Moto.class)
class PreflightCommandTest {
  private final Cli cli = new Cli().address("127.0.0.1:" + FreePort.find());

  @TempDir Path dir;

  @BeforeEach
  void doubles(MotoMskGaps msk, MotoPreflightGaps gaps) {
    gaps.allowAll();
    PreflightCommand.testInterceptors = List.of(msk, gaps);
  }

  @AfterEach
  void noDoubles() {
    PreflightCommand.testInterceptors = List.of();
  }

  @Test
  void allClear_reportsIdentityZonesQuotasVersions_exit0(AwsClients clients) throws IOException {
    Path spec = Files.writeString(dir.resolve("aws.yaml"), "operatorCidr: 203.0.113.10/32\n");
    Cli.Result r = cli.run("preflight", "pf", "--target", "aws", "--spec", spec.toString());
    assertEquals(0, r.code(), r::toString);
    for (String check :
        List.of(
            "OK aws.identity: ",
            "OK aws.region: us-east-1",
            "OK aws.kafka.version: ",
            "OK aws.database.version: ",
            "OK aws.zones: ",
            "OK aws.quota.vpcs: ",
            "OK aws.quota.elastic-ips: ",
            "OK aws.quota.msk-brokers: ",
            "OK aws.permissions: ")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(check)), check + " in\n" + r);
    }
    // zones chosen from those that offer every type: moto's us-east-1e is use1-az3, refused by MSK
    assertTrue(r.out().contains("us-east-1a (use1-az6), us-east-1b (use1-az1)"), r::toString);
    assertTrue(
        r.out().strip().endsWith(")") && r.out().contains("preflight of pf: clear"), r::toString);
    assertEquals(List.of(), TagScan.live(clients, "pf"), "read-only");
  }

  @Test
  void json_isOneDocumentWithEveryFinding() throws IOException {
    Path spec = Files.writeString(dir.resolve("aws.yaml"), "operatorCidr: 203.0.113.10/32\n");
    Cli.Result r =
        cli.run("preflight", "pfjson", "--target", "aws", "--spec", spec.toString(), "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertTrue(doc.path("clear").asBoolean(), r::toString);
    assertEquals("aws", doc.path("target").asText());
    assertEquals(2, doc.path("availabilityZoneIds").size(), r::toString);
    assertTrue(doc.path("findings").size() >= 9, r::toString);
    JsonNode first = doc.path("findings").get(0);
    assertEquals("aws.identity", first.path("check").asText());
    assertEquals("OK", first.path("severity").asText());
  }

  @Test
  void aZoneWithoutTheBrokerType_isABlockerNamingIt_exit1(AwsClients clients) throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("aws.yaml"),
            String.join(
                "\n",
                "operatorCidr: 203.0.113.10/32",
                "kafka: {brokerType: kafka.m8gb.large}",
                "network: {availabilityZones: [us-east-1a, us-east-1f]}",
                ""));
    Cli.Result r = cli.run("preflight", "pfzone", "--target", "aws", "--spec", spec.toString());
    assertEquals(1, r.code(), r::toString);
    String blocker =
        r.out().lines().filter(l -> l.startsWith("BLOCKER aws.zones")).findFirst().orElse("");
    assertTrue(blocker.contains("us-east-1f") && blocker.contains("use1-az5"), r::toString);
    assertTrue(blocker.contains("kafka.m8gb.large") && blocker.contains("remedy: "), r::toString);
    assertTrue(r.out().contains("1 blocker(s), up would fail"), r::toString);
    assertEquals(List.of(), TagScan.live(clients, "pfzone"), "nothing exists");
  }

  @Test
  void aDeniedPermission_isABlocker_exit1(MotoPreflightGaps gaps) throws IOException {
    gaps.deny("kafka:CreateClusterV2");
    Path spec = Files.writeString(dir.resolve("aws.yaml"), "operatorCidr: 203.0.113.10/32\n");
    Cli.Result r = cli.run("preflight", "pfperm", "--target", "aws", "--spec", spec.toString());
    assertEquals(1, r.code(), r::toString);
    assertTrue(
        r.out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("BLOCKER aws.permissions") && l.contains("kafka:CreateClusterV2")),
        r::toString);
  }

  @Test
  void aQuotaUsedUp_isABlockerWithTheQuotaCode_exit1(MotoPreflightGaps gaps) throws IOException {
    gaps.quota("ec2/L-0263D0A3", 0);
    try {
      Path spec = Files.writeString(dir.resolve("aws.yaml"), "operatorCidr: 203.0.113.10/32\n");
      Cli.Result r = cli.run("preflight", "pfquota", "--target", "aws", "--spec", spec.toString());
      assertEquals(1, r.code(), r::toString);
      assertTrue(
          r.out()
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("BLOCKER aws.quota.elastic-ips: EC2-VPC Elastic IPs: ")
                          && l.contains("request an increase in Service Quotas (ec2 L-0263D0A3)")),
          r::toString);
    } finally {
      gaps.quota("ec2/L-0263D0A3", 1000);
    }
  }

  @Test
  void badInput_exit2_namingTheField() throws IOException {
    Path spec = Files.writeString(dir.resolve("aws.yaml"), "operatorCidr: 0.0.0.0/1\n");
    Cli.Result r = cli.run("preflight", "pfbad", "--target", "aws", "--spec", spec.toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith("operatorCidr: 0.0.0.0/1 would open"), r::toString);
    Cli.Result noSpec = cli.run("preflight", "pfbad", "--target", "aws");
    assertEquals(2, noSpec.code(), noSpec::toString);
  }
}
