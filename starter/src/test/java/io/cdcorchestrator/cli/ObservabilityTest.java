package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdcorchestrator.local.LocalTemporal;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.observability.OtlpCollectorDouble;
import io.cdcorchestrator.observability.OtlpCollectorDouble.ReceivedSpan;
import io.cdcorchestrator.observability.PrometheusText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc worker --metrics-port} for real: a worker process of its own (this build's classpath,
 * the product's main) with the JSON log layout and an OTLP endpoint, a local Temporal, a sandbox
 * pipeline driven through the CLI. Its endpoint is scraped with a plain HTTP client and parsed as
 * Prometheus text: the phase gauge is READY, a row change brings the last event's age back near
 * zero, a task made to fail (its publication dropped under it) shows in the task-state gauge and
 * the restart counter; the spans of the provisioning arrive at the OTLP collector double with the
 * activity names, in one trace; the log file is JSON with a line per phase change and per restart.
 */
class ObservabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "obs";
  private static final Map<String, String> PIPELINE = Map.of("pipeline", NAME, "target", "sandbox");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  static LocalTemporal temporal;
  static OtlpCollectorDouble collector;
  static Process worker;
  static final BlockingQueue<String> workerOut = new LinkedBlockingQueue<>();
  static int metricsPort;
  static Cli cli;

  @BeforeAll
  static void startTemporalAndAWorkerProcess() throws Exception {
    temporal =
        LocalTemporal.start(
            LocalTemporal.Flavour.AUTO,
            FreePort.withUiPort(),
            PipelineAttributes.NAMES,
            home.resolve("temporal-logs"));
    collector = new OtlpCollectorDouble();
    metricsPort = FreePort.find();
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx640m",
            "-XX:+UseSerialGC",
            "-Djava.io.tmpdir=" + home,
            "-Dcdc.log.file=" + home.resolve("logs/cdc.log"),
            // the product's logging, as the jar has it: this class path also holds the worker's
            // test classes, whose log4j2-test.xml log4j would otherwise prefer
            "-Dlog4j2.configurationFile=log4j2.xml",
            "-cp",
            System.getProperty("java.class.path"),
            CdcCommand.class.getName(),
            "worker",
            "--metrics-port",
            Integer.toString(metricsPort));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("TEMPORAL_") || k.startsWith("OTEL_"));
    env.put("TEMPORAL_ADDRESS", temporal.address());
    env.put("CDC_HOME", home.toString());
    env.put("CDC_LOG_FORMAT", "json");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
    env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
    worker = pb.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  workerOut.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    awaitWorkerLine("metrics at http://127.0.0.1:" + metricsPort + "/metrics");
    cli = new Cli().address(temporal.address());
  }

  @AfterAll
  static void stop() throws Exception {
    if (worker != null) {
      worker.destroy(); // SIGTERM: the worker's own shutdown path
      if (!worker.waitFor(60, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
    if (collector != null) {
      collector.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  private static void awaitWorkerLine(String expected) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      String line = workerOut.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.add(line);
        if (line.contains(expected)) {
          return;
        }
      } else if (!worker.isAlive()) {
        break;
      }
    }
    throw new AssertionError("worker never printed '" + expected + "'; it printed " + seen);
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    return PrometheusText.parse(r.body());
  }

  private static Map<String, String> labels(String... extra) {
    Map<String, String> m = new HashMap<>(PIPELINE);
    for (int i = 0; i < extra.length; i += 2) {
      m.put(extra[i], extra[i + 1]);
    }
    return m;
  }

  private static double await(
      String what, String metric, Map<String, String> labels, DoublePredicate ok) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    OptionalDouble v = OptionalDouble.empty();
    while (System.currentTimeMillis() < deadline) {
      v = scrape().value(metric, labels);
      if (v.isPresent() && ok.test(v.getAsDouble())) {
        return v.getAsDouble();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + ": " + metric + labels + " last " + v);
  }

  @Test
  void scrape_ready_lastEventAge_failedTask_traces_jsonLogs() throws Exception {
    Path spec = home.resolve("obs.yaml");
    Files.writeString(spec, "watchIntervalSeconds: 2\n");
    Cli.Result up =
        cli.run("up", NAME, "--target", "sandbox", "--spec", spec.toString(), "--follow");
    assertEquals(0, up.code(), up::toString);
    JsonNode outputs = JSON.readTree(cli.run("status", NAME, "--json").out()).path("outputs");
    String jdbcUrl = outputs.path("jdbcUrl").asText();

    // READY, one-hot; the Temporal SDK's worker metrics beside the pipeline's
    await("phase", "cdc_pipeline_phase", labels("phase", "READY"), v -> v == 1.0);
    PrometheusText ready = scrape();
    assertEquals(
        0.0, ready.value("cdc_pipeline_phase", labels("phase", "PROVISIONING")).getAsDouble());
    assertTrue(ready.value("cdc_pipeline_provisioning_seconds", PIPELINE).getAsDouble() > 0);
    assertTrue(ready.value("cdc_proof_latency_seconds", PIPELINE).getAsDouble() > 0);
    assertTrue(ready.has("temporal_worker_task_slots_available"), "the SDK's worker metrics");
    assertTrue(
        ready
            .find(
                "temporal_activity_schedule_to_start_latency_seconds_count",
                Map.of("activity_type", "SandboxCreateKafka"))
            .stream()
            .anyMatch(s -> s.value() >= 1),
        "schedule-to-start latency of the pipeline's activities");

    // a row change brings the last event's age back down (the watch checks every 2 s, and a check
    // on a loaded machine takes a second or more: the margins allow for both)
    await("idle", "cdc_last_event_age_seconds", PIPELINE, v -> v >= 12);
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement insert =
            db.prepareStatement(
                "insert into public.inventory (sku, name, price) values (?, 'widget', 9.99)")) {
      insert.setString(1, "obs-" + UUID.randomUUID());
      assertEquals(1, insert.executeUpdate());
    }
    await("after a row change", "cdc_last_event_age_seconds", PIPELINE, v -> v < 8);

    // the publication dropped under the connector: its task fails, the watch restarts it
    String publication = PipelineNames.publicationName(NAME);
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement s = db.createStatement()) {
      s.execute("drop publication " + publication);
    }
    await("failed task", "cdc_connector_tasks", labels("state", "FAILED"), v -> v >= 1);
    await("restart counted", "cdc_connector_restarts_total", PIPELINE, v -> v >= 1);
    await("degraded", "cdc_pipeline_phase", labels("phase", "DEGRADED"), v -> v == 1.0);
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement s = db.createStatement()) {
      s.execute(
          "create publication "
              + publication
              + " for table "
              + PipelineNames.CAPTURED_TABLE
              + ", "
              + PipelineNames.HEARTBEAT_TABLE);
    }
    // the automatic restart after the first waits two minutes (backoff): the operator restarts the
    // task by hand once the cause is fixed, and the watch reports the recovery
    ConnectRest.restartTasks(outputs.path("connectUrl").asText(), "inventory-connector");
    await("recovered", "cdc_pipeline_phase", labels("phase", "READY"), v -> v == 1.0);
    await("task running", "cdc_connector_tasks", labels("state", "RUNNING"), v -> v == 1.0);

    // one provisioning, one trace, with the activity names
    List<ReceivedSpan> spans = collector.spans();
    List<String> provisioning =
        List.of(
            "RunActivity:SandboxCreateWorkDirectory",
            "RunActivity:SandboxCreateKafka",
            "RunActivity:SandboxCreateConnect",
            "RunActivity:DataPlaneInitDatabase",
            "RunActivity:DataPlaneRegisterConnector",
            "RunActivity:DataPlaneProveCdc");
    Set<String> names = spans.stream().map(ReceivedSpan::name).collect(Collectors.toSet());
    assertTrue(names.containsAll(provisioning), "spans received: " + names);
    Set<String> traces =
        spans.stream()
            .filter(s -> provisioning.contains(s.name()))
            .map(ReceivedSpan::traceId)
            .collect(Collectors.toSet());
    assertEquals(1, traces.size(), "one provisioning run is one trace: " + traces);

    Cli.Result down = cli.run("down", NAME);
    assertEquals(0, down.code(), down::toString);
    await("destroyed", "cdc_pipeline_phase", labels("phase", "DESTROYED"), v -> v == 1.0);
    await("teardown measured", "cdc_pipeline_teardown_seconds", PIPELINE, v -> v > 0);
    assertFalse(
        scrape().has("cdc_connector_tasks"), "nothing left that describes a dead connector");

    // JSON lines, one per phase change and per restart, with the pipeline's name
    List<JsonNode> lines = new ArrayList<>();
    Path log = home.resolve("logs/cdc.log");
    if (!Files.exists(log)) {
      try (var files = Files.walk(home, 3)) {
        fail("no " + log + "; " + files.toList() + "; worker said: " + workerOut);
      }
    }
    for (String line : Files.readAllLines(log)) {
      lines.add(JSON.readTree(line)); // every line is one JSON object
    }
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.path("message")
                        .asText()
                        .equals("pipeline obs (sandbox): phase PROVISIONING -> READY")),
        "a line per phase change");
    JsonNode restart =
        lines.stream()
            .filter(
                l ->
                    l.path("message")
                        .asText()
                        .startsWith("pipeline obs: restarted the failed instances"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no restart line"));
    assertEquals("obs", restart.path("pipeline").asText(), "the MDC's pipeline as a field");
    assertEquals("sandbox", restart.path("target").asText());
    assertEquals("INFO", restart.path("log.level").asText());
  }
}
