package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.TagScan;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.model.aws.AwsStack;
import io.cdcorchestrator.model.aws.ecs.EcsClusterRequest;
import io.cdcorchestrator.model.aws.ecs.TaskDefinitionRequest;
import io.cdcorchestrator.model.aws.elb.TargetGroupRequest;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
 * already running finishes the story, or a new one does. Each run goes to the MSK wait (moto never
 * makes MSK ACTIVE by itself), where a tag scan finds every resource exactly once, recorded once.
 * The runs marked "to READY" then go on: the test makes the cluster ACTIVE through the double,
 * registers a target with the target group as ECS would for the Connect task (moto runs no task),
 * and {@link MotoDataPlane} serves the data plane from this JVM (moto runs no bastion, database or
 * Connect); the surviving worker takes the story to READY, and the tag scan again finds exactly one
 * of each resource. After {@code down}: nothing.
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
  private static TemporalConnection dataPlaneConnection;
  private static WorkerFactory dataPlane;

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
    dataPlaneConnection = TemporalConnection.local(server.address());
    dataPlane = WorkerFactory.newInstance(dataPlaneConnection.client());
    dataPlane
        .newWorker(TaskQueues.DATAPLANE)
        .registerActivitiesImplementations(new MotoDataPlane());
    dataPlane.start();
  }

  @AfterAll
  static void stop() {
    if (dataPlane != null) {
      dataPlane.shutdownNow();
      dataPlane.awaitTermination(10, TimeUnit.SECONDS);
      dataPlaneConnection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "kill -9 of a control worker at {0}, {1}, {2}")
  @CsvSource({
    "createInternetGateway, a new worker takes over, to the MSK wait",
    "createDbInstance, the second worker finishes, to READY",
    "awaitMskCluster, a new worker takes over, to the MSK wait"
  })
  void aControlWorkerKilledMidProvisioning_leavesNoDuplicate(
      String point, String how, String to, AwsClients aws, MotoMskGaps msk) throws Exception {
    String name = "crash-" + point.toLowerCase().substring(0, Math.min(12, point.length()));
    boolean second = how.startsWith("the second");
    CdcProcess first = worker(msk);
    CdcProcess other = second ? worker(msk) : null;
    try {
      Cli.Result up = cli.run("up", name, "--target", "aws", "--spec", EXAMPLE.toString());
      assertEquals(0, up.code(), up::toString);
      awaitStatus(name, s -> state(s, point) != null);
      first.kill9();
      if (!second) {
        other = worker(msk);
      }

      JsonNode waiting =
          awaitStatus(
              name,
              s ->
                  "RUNNING".equals(state(s, "awaitMskCluster"))
                      && "COMPLETED".equals(state(s, "describeDbInstance")));
      assertEquals("PROVISIONING", waiting.path("phase").asText());
      assertEc2RecordedOnce(waiting, aws, name);
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
      List<String> clusters =
          aws
              .kafka()
              .listClustersV2(r -> r.clusterNameFilter("cdc-" + name + "-msk"))
              .clusterInfoList()
              .stream()
              .map(c -> c.clusterArn())
              .toList();
      assertEquals(1, clusters.size(), "one MSK cluster: " + clusters);

      if (to.equals("to READY")) {
        finishTheStory(name, clusters.get(0), aws);
      }

      Cli.Result down = cli.run("down", name);
      assertEquals(0, down.code(), down::toString);
      assertEquals(List.of(), TagScan.live(aws, name), "nothing of " + name + " left");
    } finally {
      first.close();
      if (other != null) {
        other.close();
      }
    }
  }

  /**
   * From the MSK wait to READY with the worker that survived: what moto cannot do is done by the
   * test (the cluster made ACTIVE, the Connect task's target registered) or by {@link
   * MotoDataPlane}. Then the resources are counted again: what the rest of the story created exists
   * once each, as recorded.
   */
  private static void finishTheStory(String name, String cluster, AwsClients aws) throws Exception {
    MotoMskGaps.activate(home.resolve("msk-active"), cluster);
    JsonNode withGroup = awaitStatus(name, s -> resource(s, TargetGroupRequest.TYPE) != null);
    // what ECS does for the service's task; moto's target health then says healthy
    aws.elb()
        .registerTargets(
            r ->
                r.targetGroupArn(resource(withGroup, TargetGroupRequest.TYPE))
                    .targets(t -> t.id("10.100.2.10").port(8083)));
    JsonNode ready = awaitStatus(name, s -> s.path("phase").asText().equals("READY"));

    Map<String, Long> recorded = new TreeMap<>();
    for (JsonNode r : ready.path("resources")) {
      recorded.merge(r.path("type").asText() + " " + r.path("id").asText(), 1L, Long::sum);
    }
    recorded.forEach((k, n) -> assertEquals(1L, n, k + " recorded once"));
    assertEc2RecordedOnce(ready, aws, name);
    List<String> others = TagScan.others(aws, name);
    assertEquals(others.stream().distinct().count(), others.size(), "nothing twice: " + others);
    Map<String, Long> kinds = new TreeMap<>();
    others.forEach(e -> kinds.merge(e.substring(0, e.indexOf(' ')), 1L, Long::sum));
    List<String> once =
        List.of("db-instance", "ecs-cluster", "load-balancer", "msk-cluster", "target-group");
    assertEquals(
        once.stream().collect(Collectors.toMap(k -> k, k -> 1L, (x, y) -> x, TreeMap::new)),
        filter(kinds, once),
        kinds.toString());
    // names cannot say "twice" of a service in its cluster or of a task definition's revisions
    String ecsCluster = resource(ready, EcsClusterRequest.TYPE);
    assertEquals(
        1,
        aws.ecs().listServices(r -> r.cluster(ecsCluster)).serviceArns().size(),
        "one ECS service");
    String definition = resource(ready, TaskDefinitionRequest.TYPE);
    String family =
        definition.substring(definition.lastIndexOf('/') + 1, definition.lastIndexOf(':'));
    assertEquals(
        List.of(definition),
        aws.ecs()
            .listTaskDefinitions(r -> r.familyPrefix(family).status("ACTIVE"))
            .taskDefinitionArns(),
        "one revision of " + family);
  }

  private static String resource(JsonNode status, String type) {
    for (JsonNode r : status.path("resources")) {
      if (type.equals(r.path("type").asText())) {
        return r.path("id").asText();
      }
    }
    return null;
  }

  /** EC2: what was recorded is what exists, each once (routes and associations carry no tag). */
  private static void assertEc2RecordedOnce(JsonNode status, AwsClients aws, String name) {
    List<String> recorded = new ArrayList<>();
    for (JsonNode r : status.path("resources")) {
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
    jvm.add("-Dcdc.test.mskActive=" + home.resolve("msk-active"));
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
