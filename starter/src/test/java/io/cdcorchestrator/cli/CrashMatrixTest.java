package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.local.PortProbe;
import io.cdcorchestrator.local.TemporalCliDevServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix (issue "crash-proof"): a real {@code temporal} dev server, {@code cdc worker}
 * processes, the sandbox for real. At each kill point the worker gets SIGKILL (no hook, nothing
 * closed), a new worker starts (or a standby that was already running takes over), and the pipeline
 * must reach READY with exactly one of each resource, a row inserted while no worker ran must
 * arrive as an event, and {@code down} must leave no process, port, directory or slot.
 *
 * <p>The default run tries {@link #DEFAULT_POINTS}; {@code -Dcdc.crash.points=all} (or a comma
 * list) tries every step boundary: {@code bench/crash-matrix.sh} does that and writes the table of
 * docs/RELIABILITY.md from {@code target/crash-matrix.md}.
 */
class CrashMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> ALL_POINTS =
      List.of(
          "createWorkDirectory",
          "createPostgres",
          "createKafka",
          "awaitPostgres",
          "awaitKafka",
          "createConnect",
          "awaitConnect",
          "awaitDatabase",
          "initDatabase",
          "awaitConnectApi",
          "registerConnector",
          "awaitConnectorRunning",
          "proveCdc",
          "READY",
          "teardown");
  static final List<String> DEFAULT_POINTS =
      List.of("createPostgres", "createConnect", "READY", "teardown");

  /**
   * At these the dying worker has a standby beside it, which takes over (two workers, one host).
   */
  static final Set<String> WITH_STANDBY = Set.of("createConnect", "awaitConnectorRunning");

  private static Path home;
  private static LocalTemporal server;
  private static Cli cli;
  private static final List<String> rows = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void temporal() throws Exception {
    home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "crash-");
    server =
        LocalTemporal.start(
            LocalTemporal.Flavour.AUTO,
            FreePort.withUiPort(),
            PipelineAttributes.NAMES,
            home.resolve("logs"),
            home.resolve("temporal"),
            true,
            line -> System.out.println("dev server: " + line));
    cli = new Cli().address(server.address());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    // what a failed run may have left: only processes of this test's directory
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(home.toString()))
        .forEach(ProcessHandle::destroy);
    List<String> table = new ArrayList<>();
    table.add(
        "| kill point | killed during | recovered | time to READY (s) | events lost |"
            + " events duplicated | resources duplicated | left after down |");
    table.add("|---|---|---|---|---|---|---|---|");
    table.addAll(rows);
    Path out = Path.of(System.getProperty("cdc.crash.report", "target/crash-matrix.md"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, table);
    System.out.println(String.join("\n", table));
  }

  static Stream<String> points() {
    String chosen = System.getProperty("cdc.crash.points", "");
    if (chosen.isBlank()) {
      return DEFAULT_POINTS.stream();
    }
    return chosen.equals("all") ? ALL_POINTS.stream() : Stream.of(chosen.split(","));
  }

  @ParameterizedTest(name = "kill -9 of the worker at {0}")
  @MethodSource("points")
  void aWorkerKilledAnywhereIsReplacedAndThePipelineComesBackWhole(String point) throws Exception {
    String name = "k-" + point.replaceAll("([A-Z])", "-$1").toLowerCase();
    name = name.length() > 32 ? name.substring(0, 32) : name;
    boolean standby = WITH_STANDBY.contains(point);
    CdcProcess first = worker();
    CdcProcess second = standby ? worker().awaitOutput("stands by", Duration.ofSeconds(60)) : null;
    try {
      Cli.Result up = cli.run("up", name, "--target", "sandbox");
      assertEquals(0, up.code(), up::toString);
      JsonNode before = reach(name, point);
      String killedDuring = running(before);
      first.kill9();
      long killedAt = System.nanoTime();

      // PostgreSQL outlives the worker: a row written now must arrive after recovery
      Sandbox pg = Sandbox.of(home, name, before);
      String meanwhile = pg != null && pg.hasTable() ? pg.insert("while-dead") : null;
      if (!standby) {
        second = worker();
      }
      long replacedAt = System.nanoTime();

      if (point.equals("teardown")) {
        JsonNode destroyed =
            awaitStatus(name, s -> phase(s).equals("DESTROYED"), Duration.ofMinutes(4));
        double took = (System.nanoTime() - replacedAt) / 1e9;
        List<String> left = leftBehind(name, before);
        rows.add(row(point, killedDuring, true, took, "–", "–", 0, left));
        assertEquals(0, destroyed.path("resources").size(), destroyed::toPrettyString);
        assertEquals(List.of(), left);
        return;
      }

      // READY again; after a kill while READY, only once the watch has repaired (until then status
      // says the READY it last knew: the next health check, asked for by the new worker, tells)
      int repairsBefore = completed(before, "repairSandbox");
      boolean wasReady = phase(before).equals("READY");
      JsonNode ready =
          awaitStatus(
              name,
              s ->
                  phase(s).equals("READY")
                      && (!wasReady || completed(s, "repairSandbox") > repairsBefore),
              Duration.ofMinutes(5));
      double took = (System.nanoTime() - (standby ? killedAt : replacedAt)) / 1e9;
      List<String> duplicated = duplicatedResources(name, ready);
      Sandbox now = Sandbox.of(home, name, ready);
      if (meanwhile == null) {
        meanwhile = now.insert("after-restart");
      }
      int arrived = now.awaitEvents(meanwhile);

      long t0 = System.nanoTime();
      Cli.Result down = cli.run("down", name);
      double downTook = (System.nanoTime() - t0) / 1e9;
      List<String> left = leftBehind(name, ready);
      rows.add(
          row(
              point,
              killedDuring,
              true,
              took,
              arrived == 0 ? "1" : "0",
              Integer.toString(Math.max(0, arrived - 1)),
              duplicated.size(),
              left));
      assertEquals(List.of(), duplicated, "exactly one of each resource");
      assertTrue(arrived >= 1, "the row written while no worker ran arrives");
      assertEquals(0, down.code(), down::toString);
      assertTrue(downTook < 120, "down took " + downTook + " s");
      assertEquals(List.of(), left, "nothing left after down");
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  /** The dev server killed mid-provisioning comes back on its state file; the run completes. */
  @Test
  void theDevServerKilledMidProvisioningComesBack_andTheRunCompletes() throws Exception {
    assumeTrue(server instanceof TemporalCliDevServer, "needs the temporal CLI");
    String name = "dev-server-killed";
    try (CdcProcess worker = worker()) {
      assertEquals(0, cli.run("up", name, "--target", "sandbox").code());
      JsonNode before = reach(name, "createKafka");
      long pid = ((TemporalCliDevServer) server).pid();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      long killedAt = System.nanoTime();
      JsonNode ready = awaitStatus(name, s -> phase(s).equals("READY"), Duration.ofMinutes(5));
      double took = (System.nanoTime() - killedAt) / 1e9;
      assertTrue(((TemporalCliDevServer) server).pid() != pid, "a new server process");
      Sandbox pg = Sandbox.of(home, name, ready);
      int arrived = pg.awaitEvents(pg.insert("after-server-restart"));
      List<String> duplicated = duplicatedResources(name, ready);
      Cli.Result down = cli.run("down", name);
      List<String> left = leftBehind(name, ready);
      rows.add(
          row(
              "dev server (temporal) at createKafka",
              running(before),
              true,
              took,
              arrived == 0 ? "1" : "0",
              Integer.toString(Math.max(0, arrived - 1)),
              duplicated.size(),
              left));
      assertEquals(List.of(), duplicated, "exactly one of each resource");
      assertTrue(arrived >= 1);
      assertEquals(0, down.code(), down::toString);
      assertEquals(List.of(), left);
    }
  }

  private static CdcProcess worker() throws InterruptedException {
    return CdcProcess.start(home, Map.of("TEMPORAL_ADDRESS", server.address()), List.of(), "worker")
        .awaitOutput("worker polling", Duration.ofSeconds(90));
  }

  /** Waits until the run is at {@code point} (that step RUNNING, or READY, or tearing down). */
  private static JsonNode reach(String name, String point) throws Exception {
    return switch (point) {
      case "READY" -> awaitStatus(name, s -> phase(s).equals("READY"), Duration.ofMinutes(5));
      case "teardown" -> {
        awaitStatus(name, s -> phase(s).equals("READY"), Duration.ofMinutes(5));
        Cli.Result down = cli.run("down", name, "--no-wait");
        assertEquals(0, down.code(), down::toString);
        yield awaitStatus(name, s -> running(s).contains("delete"), Duration.ofMinutes(2));
      }
      default ->
          awaitStatus(
              name,
              s -> state(s, point) != null || phase(s).equals("READY"),
              Duration.ofMinutes(5));
    };
  }

  private static JsonNode awaitStatus(String name, Predicate<JsonNode> done, Duration max)
      throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    JsonNode s = status(name);
    while (s == null || !done.test(s)) {
      if (s != null && phase(s).equals("FAILED")) {
        throw new AssertionError("FAILED: " + s.toPrettyString());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not there in "
                + max.toSeconds()
                + " s: "
                + (s == null ? "no status" : s.toPrettyString()));
      }
      Thread.sleep(50);
      s = status(name);
    }
    return s;
  }

  /** The workflow's own answer; null while no worker answers (the CLI then shows a record). */
  private static JsonNode status(String name) throws Exception {
    Cli.Result r = cli.run("status", name, "--json");
    return r.code() == 0 && !r.err().contains("note:") ? JSON.readTree(r.out()) : null;
  }

  private static String phase(JsonNode s) {
    return s.path("phase").asText();
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

  private static int completed(JsonNode s, String step) {
    int n = 0;
    for (JsonNode x : s.path("steps")) {
      if (step.equals(x.path("name").asText()) && "COMPLETED".equals(x.path("state").asText())) {
        n++;
      }
    }
    return n;
  }

  private static String running(JsonNode s) {
    List<String> names = new ArrayList<>();
    for (JsonNode x : s.path("steps")) {
      if ("RUNNING".equals(x.path("state").asText())) {
        names.add(x.path("name").asText());
      }
    }
    return names.isEmpty() ? phase(s) : String.join(", ", names);
  }

  /** One of each: the inventory, the postmasters of the work directory, connectors and slots. */
  private static List<String> duplicatedResources(String name, JsonNode ready) throws Exception {
    List<String> dup = new ArrayList<>();
    Map<String, Long> byType = new java.util.TreeMap<>();
    ready.path("resources").forEach(r -> byType.merge(r.path("type").asText(), 1L, Long::sum));
    byType.forEach(
        (type, n) -> {
          if (n != 1) {
            dup.add(n + " × " + type);
          }
        });
    long postmasters = Sandbox.postmasters(home.resolve("sandbox").resolve(name)).size();
    if (postmasters != 1) {
      dup.add(postmasters + " postmasters");
    }
    Sandbox s = Sandbox.of(home, name, ready);
    if (s.slots() != 1) {
      dup.add(s.slots() + " replication slots");
    }
    int connectors = s.connectors();
    if (connectors != 1) {
      dup.add(connectors + " connectors");
    }
    return dup;
  }

  /** After DESTROYED: processes, ports and the work directory that are still there. */
  private static List<String> leftBehind(String name, JsonNode seen) throws Exception {
    Path dir = home.resolve("sandbox").resolve(name);
    List<String> left = new ArrayList<>();
    for (int i = 0; i < 50 && !Sandbox.processesOf(dir).isEmpty(); i++) {
      Thread.sleep(100); // a stopped postmaster's children exit a moment after it
    }
    Sandbox.processesOf(dir).forEach(p -> left.add("process " + p));
    for (int port : Sandbox.ports(seen)) {
      if (PortProbe.accepts(port)) {
        left.add("port " + port);
      }
    }
    if (Files.exists(dir)) {
      left.add("directory " + dir);
    }
    return left;
  }

  private static String row(
      String point,
      String during,
      boolean recovered,
      double seconds,
      String lost,
      String duplicates,
      int resourcesDuplicated,
      List<String> left) {
    return String.format(
        java.util.Locale.ROOT,
        "| %s | %s | %s | %.1f | %s | %s | %d | %s |",
        point,
        during,
        recovered ? "yes" : "no",
        seconds,
        lost,
        duplicates,
        resourcesDuplicated,
        left.isEmpty() ? "nothing" : String.join(", ", left));
  }

  static URI connectUrl(JsonNode s) {
    for (JsonNode r : s.path("resources")) {
      if (r.path("type").asText().equals("sandbox:connect")) {
        return URI.create(r.path("id").asText());
      }
    }
    return null;
  }
}
