package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.plan.AwsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc plan}: every planned resource in each format, the spec's details, nothing needing
 * Temporal (TEMPORAL_ADDRESS points at a closed port). That the plan matches the workflow story is
 * AwsPlanTest's.
 */
class PlanCommandTest {
  private final Cli cli = new Cli().address("127.0.0.1:" + FreePort.find());
  private final AwsPlan defaults =
      AwsPlan.of("x", new AwsSpec(null, null, null, null, null, null, null).withDefaults());

  @TempDir Path dir;

  @Test
  void text_listsEveryResourceByStage_withDependencies() {
    Cli.Result r = cli.run("plan", "--target", "aws", "--name", "x");
    assertEquals(0, r.code(), r::toString);
    assertEquals(40, defaults.resources().size()); // with the bastion (the default access)
    for (AwsPlan.Step s : defaults.resources()) {
      assertTrue(
          r.out().lines().anyMatch(l -> l.contains(s.type()) && l.contains(s.name())),
          s + " in\n" + r.out());
    }
    assertTrue(r.out().contains("40 resources"), r.out());
    assertTrue(
        r.out().contains("stage 2")
            && r.out().contains("branch kafka")
            && r.out().contains("branch database"));
    assertTrue(r.out().contains("(after public-1, nat-eip, igw)"), r.out());
    assertTrue(r.out().contains("cdc-x-alb"), r.out());
  }

  @Test
  void adoptedResources_areShownAsAdopted_notCreated() throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("adopted.yaml"),
            String.join(
                "\n",
                "operatorCidr: 198.51.100.7/32",
                "network:",
                "  existing:",
                "    vpcId: vpc-0123456789abcdef0",
                "    privateSubnetIds: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2]",
                "    publicSubnetIds: [subnet-0bbbbbbbbbbbbbbb1]",
                "database:",
                "  existing:",
                "    instanceId: shop-prod",
                "    passwordRef: aws-secretsmanager:arn:aws:secretsmanager:us-east-1:1:secret:s:password",
                "tables: [sales.orders]",
                ""));
    Cli.Result r = cli.run("plan", "--target", "aws", "--name", "x", "--spec", spec.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains(" 5 adopted, "), r.out());
    for (String id :
        List.of(
            "vpc-0123456789abcdef0",
            "subnet-0aaaaaaaaaaaaaaa1",
            "subnet-0bbbbbbbbbbbbbbb1",
            "shop-prod")) {
      assertTrue(
          r.out().lines().anyMatch(l -> l.contains("adopted aws:") && l.contains(id)),
          id + " in\n" + r.out());
    }
    for (String created :
        List.of("aws:ec2:vpc ", "aws:ec2:nat-gateway", "aws:rds:db-instance ", "cdc-x-vpc")) {
      assertFalse(
          r.out().lines().anyMatch(l -> l.contains(created) && !l.contains("adopted")),
          created + " in\n" + r.out());
    }
    assertTrue(r.out().contains("aws:kafka:cluster"), "MSK still created: " + r.out());
  }

  @Test
  void theSpecDrivesTheDetails() throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("aws.yaml"),
            String.join(
                "\n",
                "operatorCidr: 198.51.100.7/32",
                "watchIntervalSeconds: 30",
                "network:",
                "  vpcCidr: 10.9.0.0/16",
                "  publicSubnets: [10.9.1.0/24, 10.9.2.0/24]",
                "  privateSubnets: [10.9.3.0/24, 10.9.4.0/24]",
                "kafka:",
                "  brokers: 4",
                "  listener: plaintext",
                ""));
    Cli.Result r = cli.run("plan", "--target", "aws", "--spec", spec.toString());
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().contains("tcp 22 from 198.51.100.7/32"), r.out());
    assertTrue(r.out().contains("tcp 80 from the bastion group"), r.out());
    assertTrue(
        r.out()
            .contains(
                "only 198.51.100.7/32 reaches the bastion (SSH); the load balancer is internal"),
        r.out());
    assertTrue(
        r.out().contains("4 x kafka.t3.small") && r.out().contains("plaintext on 9092"), r.out());
    assertTrue(r.out().contains("tcp 9092 from the internal group"), r.out());
    assertTrue(r.out().contains("10.9.3.0/24 in zone 1 of those the preflight chooses"), r.out());
    assertTrue(
        r.out().contains("cdc-<name>-vpc"), "names without --name show a placeholder: " + r.out());
    assertFalse(r.out().contains("0.0.0.0/0 (operatorCidr"), r.out());
  }

  @Test
  void dot_isADigraphWhoseEdgesJoinDeclaredNodes() throws Exception {
    Cli.Result r = cli.run("plan", "--target", "aws", "--name", "x", "--format", "dot");
    assertEquals(0, r.code(), r::toString);
    String dot = r.out();
    assertTrue(dot.startsWith("digraph \"cdc-plan x\" {"), dot);
    assertTrue(dot.strip().endsWith("}"));
    assertEquals(
        dot.chars().filter(c -> c == '{').count(), dot.chars().filter(c -> c == '}').count());
    Set<String> nodes = new HashSet<>();
    Matcher node =
        Pattern.compile("^\\s*\"((?:[^\"\\\\]|\\\\.)*)\" \\[label=", Pattern.MULTILINE)
            .matcher(dot);
    while (node.find()) {
      nodes.add(node.group(1));
    }
    assertEquals(defaults.steps().size(), nodes.size(), "one node per step");
    Matcher edge =
        Pattern.compile("^\\s*\"([^\"]*)\" -> \"([^\"]*)\";$", Pattern.MULTILINE).matcher(dot);
    int edges = 0;
    while (edge.find()) {
      assertTrue(nodes.contains(edge.group(1)) && nodes.contains(edge.group(2)), edge.group());
      edges++;
    }
    assertEquals(defaults.steps().stream().mapToInt(s -> s.after().size()).sum(), edges);
    assertEquals(3, Pattern.compile("subgraph \"cluster_stage").matcher(dot).results().count());
    Path dotBinary =
        List.of("/usr/bin/dot", "/usr/local/bin/dot").stream()
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (dotBinary != null) { // graphviz itself, where installed
      Process p =
          new ProcessBuilder(dotBinary.toString(), "-Tsvg").redirectErrorStream(true).start();
      p.getOutputStream().write(dot.getBytes());
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), output);
    }
  }

  @Test
  void svg_drawsABoxPerStep() {
    Cli.Result r = cli.run("plan", "--target", "aws", "--format", "svg");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), r.out());
    assertEquals(
        defaults.steps().size(), Pattern.compile("<rect ").matcher(r.out()).results().count());
    assertTrue(r.out().contains("cdc-&lt;name&gt;-vpc"), "text is escaped");
  }

  @Test
  void badInput_exit2_oneLine() throws IOException {
    assertBadInput(cli.run("plan", "--target", "sandbox"), "target");
    assertBadInput(cli.run("plan", "--target", "aws", "--format", "png"), "format");
    assertBadInput(cli.run("plan", "--target", "aws", "--name", "Bad_Name"), "name");
    Path spec = Files.writeString(dir.resolve("bad.yaml"), "operatorCidr: 0.0.0.0/0\n");
    assertBadInput(cli.run("plan", "--target", "aws", "--spec", spec.toString()), "operatorCidr");
  }

  private static void assertBadInput(Cli.Result r, String field) {
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith(field), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
    assertEquals("", r.out(), r::toString);
  }
}
