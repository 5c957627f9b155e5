package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The AWS story on moto with its control workers killed: {@code cdc-control} worker processes
 * ({@link MotoWorker}: {@code Workers} as {@code cdc worker} builds them, AWS clients on moto with
 * the {@link MotoMskGaps} double) get SIGKILL mid-provisioning. Either a second worker that was
 * already running finishes the story, or a new one does. The story goes as far as moto lets it (it
 * never makes MSK ACTIVE: up to the MSK wait, as {@code AwsUpDownMotoTest}); a tag scan then finds
 * every resource exactly once, recorded once, and after {@code down} nothing.
 */
@Tag("aws")
@ExtendWith(Moto.class)
class AwsCrashMotoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLE =
      Path.of("..", "examples", "aws.yaml").toAbsolutePath().normalize();

  private static Path home;
  private static LocalTemporal server;
  private static Cli cli;

  @BeforeAll
  static void temporal() throws Exception {
    home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "aws-crash-");
    server =
        LocalTemporal.start(
            LocalTemporal.Flavour.AUTO,
            FreePort.withUiPort(),
            PipelineAttributes.NAMES,
            home.resolve("logs"));
    cli = new Cli().address(server.address());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "kill -9 of a control worker at {0}, {1}")
  @CsvSource({
    "createInternetGateway, a new worker takes over",
    "createDbInstance, the second worker finishes",
    "awaitMskCluster, a new worker takes over"
  })
  void aControlWorkerKilledMidProvisioning_leavesNoDuplicate(
      String point, String how, AwsClients aws, MotoMskGaps msk) throws Exception {
    String name = "crash-" + point.toLowerCase().substring(0, Math.min(12, point.length()));
    boolean second = how.startsWith("the second");
    CdcProcess first = worker(msk);
    CdcProcess other = second ? worker(msk) : null;
    boolean downed = false;
    try {
      Cli.Result up = cli.run("up", name, "--target", "aws", "--spec", EXAMPLE.toString());
      assertEquals(0, up.code(), up::toString);
      awaitStatus(name, s -> state(s, point) != null);
      first.kill9();
      if (!second) {
        other = worker(msk);
      }

      // every branch beside MSK's done: the egress branch (NAT gateway, private route table) may
      // be the one whose activity died with the worker and waits out its timeout before its retry
      JsonNode waiting =
          awaitStatus(
              name,
              s ->
                  "RUNNING".equals(state(s, "awaitMskCluster"))
                      && othersCompleted(s, "awaitMskCluster"));
      assertEquals("PROVISIONING", waiting.path("phase").asText());
      // EC2: what was recorded is what exists, each once (routes and associations carry no tag)
      List<String> recorded = new ArrayList<>();
      for (JsonNode r : waiting.path("resources")) {
        String type = r.path("type").asText();
        if (type.startsWith("aws:ec2:")
            && !type.equals("aws:ec2:route")
            && !type.equals("aws:ec2:route-table-association")
            && !type.equals("aws:ec2:security-group-rule")
            && !type.equals("aws:ec2:instance")) { // the tag scan leaves instances out
          recorded.add(r.path("id").asText());
        }
      }
      List<String> live =
          TagScan.ec2(aws, name).stream()
              .filter(e -> !e.startsWith("security-group-rule "))
              .map(e -> e.substring(e.indexOf(' ') + 1))
              .sorted()
              .toList();
      recorded.sort(null);
      assertEquals(recorded, live, "each EC2 resource exists once and is recorded once");
      Map<String, Long> kinds = new TreeMap<>();
      TagScan.ec2(aws, name)
          .forEach(e -> kinds.merge(e.substring(0, e.indexOf(' ')), 1L, Long::sum));
      assertEquals(
          Map.of(
              "nat-gateway", 1L,
              "route-table", 2L,
              "security-group", 3L,
              "security-group-rule", 6L,
              "subnet", 4L,
              "vpc", 1L),
          filter(
              kinds,
              List.of(
                  "nat-gateway",
                  "route-table",
                  "security-group",
                  "security-group-rule",
                  "subnet",
                  "vpc")),
          kinds.toString());
      long bastions =
          aws
              .ec2()
              .describeInstances(
                  r ->
                      r.filters(
                          f -> f.name("tag:" + AwsStack.PIPELINE_TAG).values(name),
                          f -> f.name("instance-state-name").values("pending", "running")))
              .reservations()
              .stream()
              .mapToLong(x -> x.instances().size())
              .sum();
      assertEquals(1, bastions, "one bastion instance");
      List<String> others = TagScan.others(aws, name);
      assertEquals(others.stream().distinct().count(), others.size(), "nothing twice: " + others);
      String cluster = "cdc-" + name + "-msk";
      assertEquals(
          1,
          aws.kafka().listClustersV2(r -> r.clusterNameFilter(cluster)).clusterInfoList().stream()
              .filter(c -> c.clusterName().equals(cluster)) // moto ignores the filter
              .count(),
          "one MSK cluster");

      Cli.Result down = cli.run("down", name);
      downed = true;
      assertEquals(0, down.code(), down::toString);
      assertEquals(List.of(), TagScan.live(aws, name), "nothing of " + name + " left");
    } finally {
      if (!downed) { // a failed check leaves nothing behind for the tests after it either
        cli.run("down", name);
      }
      first.close();
      if (other != null) {
        other.close();
      }
    }
  }

  private static Map<String, Long> filter(Map<String, Long> all, List<String> keys) {
    Map<String, Long> some = new TreeMap<>();
    keys.forEach(k -> some.put(k, all.getOrDefault(k, 0L)));
    return some;
  }

  private static CdcProcess worker(MotoMskGaps msk) throws InterruptedException {
    List<String> jvm = new ArrayList<>();
    for (String p :
        List.of(
            "aws.endpointUrl",
            "aws.region",
            "aws.accessKeyId",
            "aws.secretAccessKey",
            "aws.maxAttempts")) {
      jvm.add("-D" + p + "=" + System.getProperty(p));
    }
    jvm.add("-Dcdc.test.mskFake=" + msk.fakeAddress());
    return CdcProcess.startMain(
            home, Map.of("TEMPORAL_ADDRESS", server.address()), jvm, MotoWorker.class.getName())
        .awaitOutput("worker polling", Duration.ofSeconds(90));
  }

  private static JsonNode awaitStatus(String name, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (true) {
      Cli.Result r = cli.run("status", name, "--json");
      if (r.code() == 0 && !r.err().contains("note:")) {
        JsonNode s = JSON.readTree(r.out());
        if (done.test(s)) {
          return s;
        }
        if (s.path("phase").asText().equals("FAILED")) {
          throw new AssertionError("FAILED: " + s.toPrettyString());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not there in 5 min: " + r);
      }
      Thread.sleep(100);
    }
  }

  /** Every step but {@code except} has completed (the last state of each name counts). */
  private static boolean othersCompleted(JsonNode s, String except) {
    Map<String, String> last = new TreeMap<>();
    s.path("steps").forEach(x -> last.put(x.path("name").asText(), x.path("state").asText()));
    last.remove(except);
    return !last.isEmpty() && last.values().stream().allMatch("COMPLETED"::equals);
  }

  private static String state(JsonNode s, String step) {
    String found = null;
    for (JsonNode x : s.path("steps")) {
      if (step.equals(x.path("name").asText())) {
        found = x.path("state").asText();
      }
    }
    return found;
  }
}
