package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.TagScan;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.model.aws.AwsStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS target's done-when, through the CLI: moto_server, a local Temporal and an in-process
 * worker whose AWS clients point at moto. {@code up x --target aws --spec examples/aws.yaml} builds
 * the network, security groups, RDS and MSK pieces with their tags and waits on MSK (moto never
 * makes a cluster ACTIVE); {@code status x --json} lists each resource with its ID and state;
 * {@code down x} exits 0 and nothing of x is left. The only test double is {@link MotoMskGaps} on
 * the worker's clients, for the MSK configuration API moto lacks; the CLI itself runs unchanged.
 */
@Tag("aws")
@ExtendWith(Moto.class)
class AwsUpDownMotoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLE =
      Path.of("..", "examples", "aws.yaml").toAbsolutePath().normalize();

  @TempDir static Path home;
  static LocalStack stack;
  static Cli cli;

  @BeforeAll
  static void startTemporalAndWorker(AwsClients motoClients) {
    stack = LocalStack.start(LocalTemporal.Flavour.AUTO, FreePort.find(), home, motoClients);
    cli = stack.cli;
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void up_buildsAndWaitsOnMsk_statusListsEachResource_downLeavesNothing(AwsClients aws)
      throws Exception {
    assertTrue(Files.exists(EXAMPLE), EXAMPLE.toString());
    Cli.Result up = cli.run("up", "x", "--target", "aws", "--spec", EXAMPLE.toString());
    assertEquals(0, up.code(), up::toString);
    assertTrue(up.out().contains("started pipeline x on aws"), up::toString);

    JsonNode waiting =
        awaitStatus(
            "x",
            s ->
                "RUNNING".equals(stepState(s, "awaitMskCluster"))
                    && "COMPLETED".equals(stepState(s, "describeDbInstance")));
    assertEquals("PROVISIONING", waiting.path("phase").asText());

    // on moto: the network, the security groups, RDS and MSK, tagged for x
    List<String> ec2 = TagScan.ec2(aws, "x");
    assertEquals(1, count(ec2, "vpc "), ec2::toString);
    assertEquals(4, count(ec2, "subnet "), ec2::toString);
    assertEquals(1, count(ec2, "nat-gateway "), ec2::toString);
    assertEquals(2, count(ec2, "route-table "), ec2::toString);
    assertEquals(3, count(ec2, "security-group "), ec2::toString); // external, internal, bastion
    assertEquals(6, count(ec2, "security-group-rule "), ec2::toString);
    var db =
        aws.rds().describeDBInstances(r -> r.dbInstanceIdentifier("cdc-x-pg")).dbInstances().get(0);
    assertTrue(
        db.tagList().stream()
            .anyMatch(t -> t.key().equals(AwsStack.PIPELINE_TAG) && t.value().equals("x")));
    assertTrue(
        db.tagList().stream()
            .anyMatch(t -> t.key().equals("owner") && t.value().equals("data-platform")),
        "the spec's tags too: " + db.tagList());
    var msk =
        aws.kafka().listClustersV2(r -> r.clusterNameFilter("cdc-x-msk")).clusterInfoList().stream()
            .filter(c -> c.clusterName().equals("cdc-x-msk")) // moto ignores the filter
            .toList();
    assertEquals(1, msk.size());
    assertEquals("x", msk.get(0).tags().get(AwsStack.PIPELINE_TAG));
    assertEquals("CREATING", msk.get(0).stateAsString());
    List<String> others = TagScan.others(aws, "x");
    assertTrue(
        others.containsAll(
            List.of(
                "db-subnet-group cdc-x-pg-subnets",
                "db-parameter-group cdc-x-pg-params",
                "msk-configuration cdc-x-msk-config")),
        others::toString);

    // status: each resource with its AWS ID and state, every EC2 resource on moto among them
    JsonNode resources = waiting.path("resources");
    Set<String> ids = new HashSet<>();
    for (JsonNode r : resources) {
      assertTrue(r.path("type").asText().startsWith("aws:"), r::toString);
      assertFalse(r.path("id").asText().isBlank(), r::toString);
      assertFalse(r.path("state").asText().isBlank(), r::toString);
      ids.add(r.path("id").asText());
    }
    ec2.stream()
        .filter(
            e -> !e.startsWith("security-group-rule ")) // rules are recorded by group, port, source
        .forEach(e -> assertTrue(ids.contains(e.substring(e.indexOf(' ') + 1)), e + " in " + ids));
    assertTrue(
        ids.contains(db.dbInstanceIdentifier()) || ids.contains(db.dbInstanceArn()), ids::toString);
    assertTrue(ids.contains(msk.get(0).clusterArn()), ids::toString);
    Cli.Result text = cli.run("status", "x");
    assertEquals(0, text.code(), text::toString);
    assertTrue(text.out().contains("pipeline x on aws: PROVISIONING"), text::toString);
    assertTrue(
        text.out()
            .lines()
            .anyMatch(
                l ->
                    l.contains("aws:kafka:cluster")
                        && l.contains(msk.get(0).clusterArn())
                        && l.contains("CREATING")),
        text::toString);
    assertTrue(
        text.out().lines().anyMatch(l -> l.contains("awaitMskCluster") && l.contains("RUNNING")),
        text::toString);

    Cli.Result down = cli.run("down", "x");
    assertEquals(0, down.code(), down::toString);
    JsonNode destroyed = JSON.readTree(cli.run("status", "x", "--json").out());
    assertEquals("DESTROYED", destroyed.path("phase").asText(), destroyed::toPrettyString);
    assertEquals(0, destroyed.path("resources").size(), destroyed::toPrettyString);
    assertEquals(
        List.of(),
        TagScan.live(aws, "x"),
        "nothing of x left (NAT gateways in state deleted aside)");
    assertEquals(0, cli.run("down", "x").code(), "down twice is a no-op success");
    String recordTo = System.getProperty("cdc.recordHistories");
    if (recordTo != null) {
      Files.writeString(
          Path.of(recordTo, "aws-moto-destroyed-while-waiting-on-msk.json"),
          cli.run("history", "x").out());
    }
  }

  private static long count(List<String> live, String kind) {
    return live.stream().filter(s -> s.startsWith(kind)).count();
  }

  private static String stepState(JsonNode status, String step) {
    for (JsonNode s : status.path("steps")) {
      if (step.equals(s.path("name").asText())) {
        return s.path("state").asText();
      }
    }
    return null;
  }

  private static JsonNode awaitStatus(String name, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    JsonNode status = JSON.readTree(cli.run("status", name, "--json").out());
    while (!done.test(status)) {
      if (System.nanoTime() > deadline || status.path("phase").asText().equals("FAILED")) {
        throw new AssertionError("not there yet: " + status.toPrettyString());
      }
      Thread.sleep(250);
      status = JSON.readTree(cli.run("status", name, "--json").out());
    }
    return status;
  }
}
