package io.cdcorchestrator.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules, the Prometheus config and the Grafana dashboard. The rules and the config pass
 * {@code promtool} (Debian's {@code prometheus} package; the test fails without it, unless {@code
 * -Dcdc.observability.skipWithoutPromtool=true}), and the rules' own unit tests say each alert
 * fires when it should and not before. The dashboard is valid against the JSON schema of the
 * schemaVersion it declares (written down in src/test/resources/grafana from Grafana's dashboard
 * kind), every query in it parses as PromQL (promtool, as recording rules) and every metric it or
 * an alert names is one the worker exports.
 */
class ObservabilityDeployTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
  private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/cdc-pipelines.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the worker exports (PipelineMetricsTest checks the same list against a scrape). */
  static final Set<String> CDC_METRICS =
      Set.of(
          "cdc_pipeline_phase",
          "cdc_pipeline_phase_seconds",
          "cdc_pipeline_provisioning_seconds",
          "cdc_pipeline_teardown_seconds",
          "cdc_connector_state",
          "cdc_connector_tasks",
          "cdc_connector_restarts_total",
          "cdc_slot_retained_wal_bytes",
          "cdc_slot_retained_wal_limit_bytes",
          "cdc_last_event_age_seconds",
          "cdc_heartbeat_age_seconds",
          "cdc_proof_latency_seconds",
          "cdc_aws_calls_total");

  /**
   * The Temporal SDK's, as the worker's endpoint names them (seen in ObservabilityTest's scrape).
   */
  static final Set<String> TEMPORAL_METRICS =
      Set.of(
          "temporal_activity_schedule_to_start_latency_seconds_bucket",
          "temporal_workflow_task_schedule_to_start_latency_seconds_bucket",
          "temporal_worker_task_slots_available");

  private static final Pattern METRIC = Pattern.compile("\\b((?:cdc|temporal)_[a-z_]+)\\b");

  @TempDir Path tmp;

  private static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    if (Boolean.getBoolean("cdc.observability.skipWithoutPromtool")) {
      Assumptions.abort(
          "promtool not installed; skipped on -Dcdc.observability.skipWithoutPromtool");
    }
    throw new AssertionError(
        "promtool not found on PATH: install Debian's prometheus package (.ci/run does), or run "
            + "with -Dcdc.observability.skipWithoutPromtool=true");
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " hangs");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " says:\n" + out);
    return out;
  }

  @Test
  void alertRules_passPromtoolCheck_andTheirUnitTests() throws Exception {
    String promtool = promtool();
    assertTrue(run(promtool, "check", "rules", ALERTS.toString()).contains("SUCCESS"));
    assertTrue(
        run(promtool, "test", "rules", ROOT.resolve("deploy/prometheus/alerts.test.yml").toString())
            .contains("SUCCESS"));
    run(promtool, "check", "config", ROOT.resolve("deploy/prometheus/prometheus.yml").toString());
  }

  @Test
  void alertRules_coverTheFourConditions_withMetricsTheWorkerExports() throws IOException {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
    List<String> names = new ArrayList<>();
    List<String> exprs = new ArrayList<>();
    rules
        .path("groups")
        .forEach(
            g ->
                g.path("rules")
                    .forEach(
                        r -> {
                          names.add(r.path("alert").asText());
                          exprs.add(r.path("expr").asText());
                          if (r.path("alert").asText().equals("CdcPipelineDegraded")) {
                            assertEquals("10m", r.path("for").asText(), "DEGRADED > 10 min");
                          }
                        }));
    assertTrue(
        names.containsAll(
            List.of(
                "CdcPipelineDegraded",
                "CdcReplicationSlotRetainsTooMuchWal",
                "CdcNoChangeEvents",
                "CdcWorkerScheduleToStartLatencyHigh")),
        names::toString);
    assertExported(String.join("\n", exprs), "alerts.yml");
  }

  @Test
  void dashboard_isValidAgainstTheSchemaOfTheVersionItDeclares() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    int version = dashboard.path("schemaVersion").asInt();
    String schemaFile = "/grafana/dashboard-schema-" + version + ".json";
    JsonNode schemaJson;
    try (InputStream in = getClass().getResourceAsStream(schemaFile)) {
      assertTrue(
          in != null,
          "no schema written down for schemaVersion " + version + " (" + schemaFile + ")");
      schemaJson = JSON.readTree(in);
    }
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
    Set<ValidationMessage> errors = schema.validate(dashboard);
    assertTrue(errors.isEmpty(), "against the schemaVersion " + version + " schema: " + errors);
    // the schema has teeth: a panel wider than the grid, a misspelt panel type, a target without
    // refId
    JsonNode broken = dashboard.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("panels").get(1).path("gridPos"))
        .put("w", 30);
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("panels").get(2))
        .put("type", "timeserie");
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            broken.path("panels").get(3).path("targets").get(0))
        .remove("refId");
    assertTrue(schema.validate(broken).size() >= 3, () -> schema.validate(broken).toString());

    // what a schema cannot say: unique panel ids, and panels side by side that do not overlap
    Set<Integer> ids = new HashSet<>();
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
      JsonNode g = panel.path("gridPos");
      int[] box = {
        g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()
      };
      assertTrue(box[0] + box[2] <= 24, panel.path("title") + " is wider than the grid");
      for (int[] other : boxes) {
        boolean overlap =
            box[0] < other[0] + other[2]
                && other[0] < box[0] + box[2]
                && box[1] < other[1] + other[3]
                && other[1] < box[1] + box[3];
        assertTrue(!overlap, panel.path("title") + " overlaps another panel");
      }
      boxes.add(box);
    }
  }

  @Test
  void dashboard_queriesParseAsPromQL_andUseMetricsTheWorkerExports() throws Exception {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr =
            target
                .path("expr")
                .asText()
                .replace("$__rate_interval", "5m")
                .replace("$pipeline", ".*");
        exprs.add(expr);
        rules
            .append("      - record: dashboard:panel")
            .append(panel.path("id").asInt())
            .append(':')
            .append(target.path("refId").asText())
            .append("\n        expr: ")
            .append(JSON.writeValueAsString(expr))
            .append('\n');
      }
    }
    assertTrue(exprs.size() >= 10, "every panel has its query");
    assertExported(String.join("\n", exprs), "the dashboard");
    Path file = tmp.resolve("dashboard-queries.yml");
    Files.writeString(file, rules);
    run(promtool(), "check", "rules", file.toString());
  }

  @Test
  void readme_hasTheObservabilitySection() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("\n## Observability");
    assertTrue(start >= 0, "README: ## Observability");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    for (String must :
        List.of(
            "--metrics-port",
            "--metrics-bind",
            "deploy/grafana/cdc-pipelines.json",
            "deploy/prometheus/alerts.yml",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "CDC_LOG_FORMAT=json")) {
      assertTrue(section.contains(must), "the Observability section mentions " + must);
    }
    for (String metric : CDC_METRICS) {
      assertTrue(section.contains(metric), "the Observability section lists " + metric);
    }
  }

  private static void assertExported(String text, String where) {
    Set<String> unknown = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      if (!CDC_METRICS.contains(m.group(1)) && !TEMPORAL_METRICS.contains(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    assertTrue(unknown.isEmpty(), where + " names metrics the worker does not export: " + unknown);
  }
}
